package dev.pigzfx.engine;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The few functions of the system's libdeflate that PigzFX calls, through the Foreign Function &
 * Memory API. Loaded once; absent (and {@link #find()} empty) where the library is not installed,
 * in which case PigzFX uses its zlib engine instead.
 *
 * <p>The compress call is linked as <em>critical</em> with heap access: it takes the Java arrays
 * themselves, without copying them to native memory, and may not call back into Java, which
 * libdeflate never does. It holds up the garbage collector for the length of one block (a few
 * milliseconds), like {@code Deflater} does for its own calls.
 */
final class Libdeflate {

    /** The names the shared library goes by on Linux, macOS and Windows. */
    private static final List<String> NAMES = List.of("libdeflate.so.0", "libdeflate.so", "libdeflate.0.dylib",
            "libdeflate.dylib", "/opt/homebrew/lib/libdeflate.dylib", "/usr/local/lib/libdeflate.dylib",
            "libdeflate.dll", "deflate.dll");

    private static final Optional<Libdeflate> LOADED = load();

    /** The name the library was found under. */
    private final String name;

    private final MethodHandle allocCompressor;
    private final MethodHandle freeCompressor;
    private final MethodHandle deflateCompress;
    private final MethodHandle deflateCompressBound;
    private final MemorySegment allocDecompressorAt;
    private final MemorySegment freeDecompressorAt;
    private final MemorySegment deflateDecompressAt;
    /** The decompression calls, bound on first use: only the check of PigzFX's own output needs them. */
    private Inflating inflating;

    private record Inflating(MethodHandle alloc, MethodHandle free, MethodHandle decompress) {
    }

    private Libdeflate(String name, SymbolLookup lib) {
        this.name = name;
        Linker linker = Linker.nativeLinker();
        allocCompressor = linker.downcallHandle(lib.findOrThrow("libdeflate_alloc_compressor"),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
        freeCompressor = linker.downcallHandle(lib.findOrThrow("libdeflate_free_compressor"),
                FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
        deflateCompress = linker.downcallHandle(lib.findOrThrow("libdeflate_deflate_compress"),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                        ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG),
                Linker.Option.critical(true));
        deflateCompressBound = linker.downcallHandle(lib.findOrThrow("libdeflate_deflate_compress_bound"),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
        // looked up now, so that a library without them is not taken; bound later (each binding
        // generates code, a few milliseconds of a command's start)
        allocDecompressorAt = lib.findOrThrow("libdeflate_alloc_decompressor");
        freeDecompressorAt = lib.findOrThrow("libdeflate_free_decompressor");
        deflateDecompressAt = lib.findOrThrow("libdeflate_deflate_decompress_ex");
    }

    private synchronized Inflating inflating() {
        if (inflating == null) {
            Linker linker = Linker.nativeLinker();
            inflating = new Inflating(
                    linker.downcallHandle(allocDecompressorAt, FunctionDescriptor.of(ValueLayout.ADDRESS)),
                    linker.downcallHandle(freeDecompressorAt, FunctionDescriptor.ofVoid(ValueLayout.ADDRESS)),
                    linker.downcallHandle(deflateDecompressAt,
                            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                                    ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                                    ValueLayout.ADDRESS, ValueLayout.ADDRESS),
                            Linker.Option.critical(true)));
        }
        return inflating;
    }

    static Optional<Libdeflate> find() {
        return LOADED;
    }

    /** The name the library was found under, as the system's loader took it. */
    String name() {
        return name;
    }

    private static Optional<Libdeflate> load() {
        for (String name : candidates(Path.of(System.getProperty("java.home", ".")))) {
            try {
                return Optional.of(new Libdeflate(name, SymbolLookup.libraryLookup(name, Arena.global())));
            } catch (IllegalArgumentException | UnsatisfiedLinkError | IllegalCallerException
                     | java.util.NoSuchElementException e) {
                // not under this name, or native access not allowed: try the next, else do without
            }
        }
        return Optional.empty();
    }

    /**
     * Where to look, in order: the copy the installers carry beside the runtime's own libraries
     * (Windows and macOS have no system libdeflate), then the system's by its names.
     *
     * @param home the runtime's home ({@code java.home})
     */
    static List<String> candidates(Path home) {
        Stream<String> bundled = NAMES.stream().filter(n -> !n.contains("/"))
                .flatMap(n -> Stream.of(home.resolve("bin").resolve(n), home.resolve("lib").resolve(n)))
                .filter(Files::isRegularFile).map(Path::toString);
        return Stream.concat(bundled, NAMES.stream()).toList();
    }

    /** A compressor at one level; not thread-safe, so one per compress thread. */
    final class Compressor implements AutoCloseable {
        private final MemorySegment handle;

        Compressor(int level) {
            try {
                handle = (MemorySegment) allocCompressor.invokeExact(level);
            } catch (Throwable t) {
                throw new IllegalStateException("libdeflate: " + t, t);
            }
            if (handle.equals(MemorySegment.NULL)) {
                throw new OutOfMemoryError("libdeflate could not allocate a compressor at level " + level);
            }
        }

        /** The most raw deflate output {@code length} bytes of input can need. */
        int bound(int length) {
            try {
                return Math.toIntExact((long) deflateCompressBound.invokeExact(handle, (long) length));
            } catch (Throwable t) {
                throw new IllegalStateException("libdeflate: " + t, t);
            }
        }

        /**
         * Compresses {@code in[0, length)} to one final raw deflate block sequence in {@code out} at
         * {@code offset}; returns its size, or 0 when it did not fit.
         */
        int deflate(byte[] in, int length, byte[] out, int offset) {
            try {
                return (int) (long) deflateCompress.invokeExact(handle, MemorySegment.ofArray(in), (long) length,
                        MemorySegment.ofArray(out).asSlice(offset), (long) (out.length - offset));
            } catch (Throwable t) {
                throw new IllegalStateException("libdeflate: " + t, t);
            }
        }

        @Override
        public void close() {
            try {
                freeCompressor.invokeExact(handle);
            } catch (Throwable t) {
                throw new IllegalStateException("libdeflate: " + t, t);
            }
        }
    }

    /**
     * A decompressor; not thread-safe, so one per thread. libdeflate decodes some streams zlib and
     * gzip reject (more than 286 literal/length codes, reserved symbols), so it checks only what
     * libdeflate's own compressor wrote: every other stream is inflated by zlib, whose verdict is gzip's.
     */
    final class Decompressor implements AutoCloseable {
        /** libdeflate_result: the data was valid and filled the room given exactly. */
        private static final int SUCCESS = 0;

        private final MemorySegment handle;
        /** Input bytes used, output bytes made: filled in by each call. */
        private final long[] actual = new long[2];
        private final Inflating calls = inflating();

        Decompressor() {
            try {
                handle = (MemorySegment) calls.alloc().invokeExact();
            } catch (Throwable t) {
                throw new IllegalStateException("libdeflate: " + t, t);
            }
            if (handle.equals(MemorySegment.NULL)) {
                throw new OutOfMemoryError("libdeflate could not allocate a decompressor");
            }
        }

        /**
         * Inflates the raw deflate data at {@code in[offset, offset + length)} into {@code out[0, space)};
         * true when it used all of the input and made exactly {@code space} bytes.
         */
        boolean inflateExactly(byte[] in, int offset, int length, byte[] out, int space) {
            MemorySegment counts = MemorySegment.ofArray(actual);
            int result;
            try {
                result = (int) calls.decompress().invokeExact(handle,
                        MemorySegment.ofArray(in).asSlice(offset, length), (long) length, MemorySegment.ofArray(out),
                        (long) space, counts.asSlice(0, 8), counts.asSlice(8, 8));
            } catch (Throwable t) {
                throw new IllegalStateException("libdeflate: " + t, t);
            }
            return result == SUCCESS && actual[0] == length && actual[1] == space;
        }

        @Override
        public void close() {
            try {
                calls.free().invokeExact(handle);
            } catch (Throwable t) {
                throw new IllegalStateException("libdeflate: " + t, t);
            }
        }
    }
}

package dev.pigzfx.engine;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Optional;

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

    private final MethodHandle allocCompressor;
    private final MethodHandle freeCompressor;
    private final MethodHandle deflateCompress;
    private final MethodHandle deflateCompressBound;
    private final MemorySegment allocDecompressorAt;
    private final MemorySegment freeDecompressorAt;
    private final MemorySegment deflateDecompressAt;
    /** The decompression calls, bound on first use: only a large file's test needs them. */
    private Inflating inflating;

    private record Inflating(MethodHandle alloc, MethodHandle free, MethodHandle decompress) {
    }

    private Libdeflate(SymbolLookup lib) {
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

    static Optional<Libdeflate> find() {
        return LOADED;
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

    private static Optional<Libdeflate> load() {
        for (String name : NAMES) {
            try {
                return Optional.of(new Libdeflate(SymbolLookup.libraryLookup(name, Arena.global())));
            } catch (IllegalArgumentException | UnsatisfiedLinkError | IllegalCallerException
                     | java.util.NoSuchElementException e) {
                // not under this name, or native access not allowed: try the next, else do without
            }
        }
        return Optional.empty();
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

    /** libdeflate_result: the data was valid and fit. */
    static final int SUCCESS = 0;
    /** libdeflate_result: the data was not valid deflate. */
    static final int BAD_DATA = 1;
    /** libdeflate_result: the data decompresses to more than the space given. */
    static final int INSUFFICIENT_SPACE = 3;

    /** A decompressor; not thread-safe, so one per thread. */
    final class Decompressor implements AutoCloseable {
        private final MemorySegment handle;
        /** actual input bytes, actual output bytes: filled in by each call. */
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
         * Inflates the raw deflate data at {@code in[offset, offset + length)} into {@code out[0, space)}.
         * Returns the libdeflate result; {@link #inputUsed()} and {@link #outputMade()} tell how far it got.
         */
        int inflate(byte[] in, int offset, int length, byte[] out, int space) {
            MemorySegment counts = MemorySegment.ofArray(actual);
            try {
                return (int) calls.decompress().invokeExact(handle, MemorySegment.ofArray(in).asSlice(offset, length),
                        (long) length, MemorySegment.ofArray(out), (long) space, counts.asSlice(0, 8),
                        counts.asSlice(8, 8));
            } catch (Throwable t) {
                throw new IllegalStateException("libdeflate: " + t, t);
            }
        }

        long inputUsed() {
            return actual[0];
        }

        long outputMade() {
            return actual[1];
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

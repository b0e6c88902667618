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
}

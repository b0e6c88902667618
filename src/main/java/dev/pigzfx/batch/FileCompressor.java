package dev.pigzfx.batch;

import dev.pigzfx.engine.Cancellation;
import dev.pigzfx.engine.CompressionResult;
import dev.pigzfx.engine.GzipEngine;
import dev.pigzfx.engine.GzipHeader;
import dev.pigzfx.engine.GzipJob;
import dev.pigzfx.engine.GzipNames;
import dev.pigzfx.engine.IntegrityTest;
import dev.pigzfx.engine.LibdeflateEngine;
import dev.pigzfx.engine.Progress;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Compresses one file to {@code FILE.gz} and, unless asked to keep it, removes the original, never
 * losing a byte.
 *
 * <h2>What must be true before an original is removed</h2>
 * <ol>
 *   <li>its {@code .gz} was written through {@link SafeOutput} to a temporary name;</li>
 *   <li>that file was read back and passed the {@link IntegrityTest}, and the CRC-32 and length of
 *       what it decompresses to equal those of the bytes read from the original;</li>
 *   <li>it was then made durable (fdatasync), given the original's time and permissions, renamed to
 *       {@code FILE.gz} atomically and the folder synced (the rename moves the same inode that was
 *       tested, so testing first means no file named {@code *.gz} is ever untested);</li>
 *   <li>the original's size, modification time and identity are still what they were before reading
 *       began, and it has a single link (removing one name of a hard-linked file frees nothing and
 *       surprises the other name's owner).</li>
 * </ol>
 * A failure, a cancel or a crash at any step leaves the original as it was and no temporary file
 * behind (a crash can leave one; its name marks it as stale, see {@link SafeOutput#isTemporary}).
 */
public final class FileCompressor {

    /** How long an original changed just before it was read may wait for the file system's clock (FAT: 2 s). */
    private static final long PROOF_WAIT_NANOS = 3_000_000_000L;

    private final GzipEngine engine;
    private final CompressOptions options;
    /** Lets tests put a failing disk under the output; the identity in real use. */
    private final UnaryOperator<OutputStream> storage;
    /** Admits the CPU work (compress and test) of a limited number of files at once. */
    private final Semaphore cpu;
    /**
     * Each worker's room for the start of a file, read before the worker takes a CPU permit: a whole
     * small file, so that a file on a disk that has not cached it does not keep a permit idle.
     */
    private static final ThreadLocal<byte[]> READ_AHEAD = ThreadLocal.withInitial(() -> new byte[1 << 20]);

    public FileCompressor(GzipEngine engine, CompressOptions options) {
        this(engine, options, UnaryOperator.identity());
    }

    FileCompressor(GzipEngine engine, CompressOptions options, UnaryOperator<OutputStream> storage) {
        this(engine, options, storage, null);
    }

    /**
     * @param cpu when not null, a permit is held from the start of compression to the end of the
     *            test, so that several files can wait on the disk while only so many use the CPU
     */
    FileCompressor(GzipEngine engine, CompressOptions options, UnaryOperator<OutputStream> storage, Semaphore cpu) {
        this.engine = Objects.requireNonNull(engine);
        this.options = Objects.requireNonNull(options);
        this.storage = Objects.requireNonNull(storage);
        this.cpu = cpu;
    }

    /**
     * Makes ready, ahead of the first file, the system calls that handle files by descriptor: their
     * binding takes tens of milliseconds, best spent while the folders are read.
     */
    public static void prepare() {
        Libc.find().ifPresent(Libc::prepare);
    }

    /** The name of the compressed file for {@code source}; its name must be {@link #nameIsText text}. */
    public static Path outputFor(Path source) {
        return Mode.COMPRESS.outputFor(source);
    }

    /**
     * Whether {@code file}'s path is text in the system's encoding for names (UTF-8 on most systems),
     * so that {@code NAME.gz} and the name in the gzip header can be made from it byte for byte, and
     * the system calls that handle it by descriptor can be given its folder. A name that is not (say
     * {@code caf\xe9.txt} under UTF-8) reads back with a replacement character, which two different
     * names can share: such a file is passed over rather than given a mangled name.
     */
    static boolean nameIsText(Path file) {
        try {
            return file.getFileSystem().getPath(file.toString()).equals(file);
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** Why a file whose path is not text is passed over. */
    static String nameNotText() {
        return "its name, or the name of a folder it is in, is not valid " + NAME_ENCODING
                + " text, so its .gz could not be named from it (rename it to compress it)";
    }

    private static final String NAME_ENCODING = System.getProperty("sun.jnu.encoding", "UTF-8")
            .replace("ANSI_X3.4-1968", "ASCII");

    /** Compresses {@code source}; never throws for a problem with the file, it reports it. */
    public FileResult compress(Path source, Progress progress, Cancellation cancel) {
        return compress(source, options.level(), FileWatcher.of(progress), cancel);
    }

    /**
     * Compresses {@code source} at {@code level} (which may differ from the options' level, as for
     * incompressible data), telling {@code watcher} how it goes.
     */
    public FileResult compress(Path source, int level, FileWatcher watcher, Cancellation cancel) {
        return compress(new Discovery.Input(source, 0), level, watcher, cancel);
    }

    /**
     * Compresses the file {@code input} names at {@code level}; on Linux in the very folder
     * discovery found it in, when the input says which.
     */
    public FileResult compress(Discovery.Input input, int level, FileWatcher watcher, Cancellation cancel) {
        FileResult r = compressOnce(input, level, watcher, cancel);
        return r.status() == FileStatus.FAILED || r.status() == FileStatus.SKIPPED
                ? FileResult.doneElsewhere(r, outputFor(input.path()), "compressed") : r;
    }

    private FileResult compressOnce(Discovery.Input input, int level, FileWatcher watcher, Cancellation cancel) {
        long started = System.nanoTime();
        Path source = input.path();
        if (!nameIsText(source)) {
            return FileResult.skipped(source, 0, nameNotText());
        }
        Original original;
        try {
            original = Original.look(source, input.folder());
        } catch (Original.ChangedException e) {
            return FileResult.failed(source, input.size(), e.getMessage() + " (original kept)", 0);
        } catch (IOException e) {
            return FileResult.failed(source, 0, Reasons.of(e), 0);
        }
        try (original) {
            BasicFileAttributes before = original.attributes();
            String skip = reasonToSkip(source, before);
            if (skip == null && !options.force()) {
                skip = specialBits(original.specialBits());
            }
            if (skip != null) {
                return before.isDirectory()
                        ? FileResult.failed(source, 0, skip, 0)
                        : FileResult.skipped(source, before.size(), skip);
            }
            return compressRegularFile(original, outputFor(source), level, watcher, cancel, started);
        } catch (CancellationException e) {
            return FileResult.cancelled(source, original.attributes().size(), System.nanoTime() - started);
        }
    }

    /** Why a file with these bits is left alone, as gzip leaves it: the .gz could not carry them. */
    private static String specialBits(int bits) {
        String which = (bits & Libc.S_ISUID) != 0 ? "set-user-ID" : (bits & Libc.S_ISGID) != 0 ? "set-group-ID"
                : (bits & Libc.S_ISVTX) != 0 ? "sticky" : null;
        return which == null ? null : "has the " + which + " bit, which its .gz cannot keep (kept; force to compress it)";
    }

    /** Why {@code source}, whose path is text, is not to be compressed, or null when it is. */
    private String reasonToSkip(Path source, BasicFileAttributes attrs) {
        // access(2), not lstat: no exception when FILE.gz is absent, the usual case. A dangling link
        // of that name is missed here and caught by the link(2) that publishes, which never replaces.
        return reasonToSkip(source, attrs, options.force(), !options.force() && Files.exists(outputFor(source)));
    }

    /** Whether the name says the file is gzip already ({@code .gz} or {@code .tgz}): such files are passed over. */
    public static boolean hasGzipSuffix(Path file) {
        return GzipNames.hasSuffix(file.getFileName().toString());
    }

    /**
     * Why {@code source} is not to be compressed, or null when it is; shared with discovery.
     *
     * @param gzExists whether {@code FILE.gz} exists
     */
    static String reasonToSkip(Path source, BasicFileAttributes attrs, boolean force, boolean gzExists) {
        String notAFile = reasonNotAFile(source, attrs);
        if (notAFile != null) {
            return notAFile;
        }
        if (hasGzipSuffix(source)) {
            String name = source.getFileName().toString();
            return "already has the ." + (name.toLowerCase(Locale.ROOT).endsWith(".gz") ? "gz" : "tgz") + " suffix";
        }
        if (!force && gzExists) {
            return outputFor(source) + " already exists (force to replace it)";
        }
        return null;
    }

    /**
     * Why {@code source} is no file to read, whatever a batch would do with it (its name is not
     * text, it is a link, a folder, a device, or one of PigzFX's temporary files), or null.
     */
    static String reasonNotAFile(Path source, BasicFileAttributes attrs) {
        if (!nameIsText(source)) {
            return nameNotText();
        }
        if (attrs.isSymbolicLink()) {
            return "is a symbolic link (not followed)";
        }
        if (attrs.isDirectory()) {
            return "is a folder";
        }
        if (!attrs.isRegularFile()) {
            return "is not a regular file (a device, pipe or socket)";
        }
        if (SafeOutput.isTemporary(source)) {
            return "is a PigzFX temporary file";
        }
        return null;
    }

    private FileResult compressRegularFile(Original original, Path gz, int level, FileWatcher watcher,
                                           Cancellation cancel, long started) {
        Path source = original.path;
        BasicFileAttributes before = original.attributes();
        long size = before.size();
        GzipJob job = new GzipJob(level, options.threads(), options.blockSize(),
                new GzipHeader(source.getFileName().toString(), before.lastModifiedTime().toMillis() / 1000));
        InputStream opened;
        try {
            opened = original.open();
        } catch (Original.ChangedException e) {
            return failed(source, size, e.getMessage(), started);
        } catch (IOException e) {
            return FileResult.failed(source, size, "cannot read " + source + ": " + Reasons.of(e) + " (original kept)",
                    System.nanoTime() - started);
        }
        ReadSide in = new ReadSide(opened);
        SafeOutput output;
        try {
            output = SafeOutput.create(original, gz, size);
        } catch (IOException e) {
            closeQuietly(in);
            return FileResult.failed(source, size,
                    "cannot write " + gz + ": " + Reasons.of(e) + " (original kept)", System.nanoTime() - started);
        }
        try (output) {
            WriteSide out = new WriteSide(storage.apply(output.stream()));
            CompressionResult result;
            if (cpu != null) {
                // the disk is waited for before taking a CPU permit, not while holding one
                try {
                    in.readAhead(READ_AHEAD.get());
                } catch (IOException e) {
                    closeQuietly(in);
                    return failed(source, size, "cannot read " + source + ": " + Reasons.of(e), started);
                }
            }
            // time spent waiting for a permit is the batch's, not this file's: the model learns from these times
            started += acquire(cancel);
            try {
                try (in) {
                    result = engine.compress(in, out, job, watcher, cancel);
                    out.flush();
                } catch (IOException e) {
                    String what = in.failure != null ? "cannot read " + source + ": " + Reasons.of(in.failure)
                            : out.failure != null ? "cannot write " + gz + ": " + Reasons.of(out.failure)
                            : Reasons.of(e);
                    return failed(source, size, what, started);
                }
                String changed = original.changedSince(result.bytesRead());
                if (changed != null) {
                    return failed(source, size, changed, started);
                }
                cancel.throwIfCancelled();
                watcher.verifying();
                String bad = verify(output.written(), engine instanceof LibdeflateEngine, options.threads(), result,
                        cancel);
                if (bad != null) {
                    return failed(source, size, "verification of " + gz + " failed: " + bad, started);
                }
            } finally {
                if (cpu != null) {
                    cpu.release();
                }
            }
            cancel.throwIfCancelled();
            String kept = output.finish(original);
            boolean recent = original.changedRecently(output.createdAt());
            if (kept.isEmpty() && !options.keep() && (recent || !original.keepsChangeTimes())) {
                String notProven = prove(original, output, result, recent);
                if (notProven != null) {
                    return failed(source, size, notProven, started);
                }
            }
            try {
                output.publish(options.force(), !options.keep() && kept.isEmpty());
            } catch (FileAlreadyExistsException e) {
                return new FileResult(source, null, FileStatus.SKIPPED, size, 0, result.crc32(), true,
                        gz + " already exists (it appeared while compressing); it was left as it is"
                                + " (original kept)",
                        System.nanoTime() - started);
            }
            long compressedSize = result.bytesWritten();
            if (kept.isEmpty() && !options.keep()) {
                kept = original.remove();
            }
            return new FileResult(source, gz, FileStatus.SUCCESS, size, compressedSize, result.crc32(),
                    options.keep() || !kept.isEmpty(), kept, System.nanoTime() - started);
        } catch (IOException e) {
            return failed(source, size, "cannot write " + gz + ": " + Reasons.of(e), started);
        }
    }

    /**
     * Reads the original again to prove it holds what was compressed, for an original whose change
     * time cannot tell. One changed within one tick of the file system's clock before it was opened
     * could take a later write without its change time moving: first waits until the clock has moved
     * past it, so that any change after the proof shows. Returns null when proven, otherwise why the
     * original is kept.
     */
    private static String prove(Original original, SafeOutput output, CompressionResult result, boolean recent)
            throws IOException {
        String notYet = waitPastChanges(original, output, recent);
        return notYet != null ? notYet : original.proveHolds(result.bytesRead(), result.crc32());
    }

    /**
     * For an original changed within one tick of the file system's clock before it was opened,
     * waits until the clock has moved past that tick, so that a change after the proof that follows
     * would show. Null when it has; otherwise why the original is kept.
     */
    static String waitPastChanges(Original original, SafeOutput output, boolean recent) throws IOException {
        long deadline = System.nanoTime() + PROOF_WAIT_NANOS;
        FileTime clock = recent ? output.clock() : null;
        while (clock != null && original.changedRecently(clock)) {
            if (System.nanoTime() > deadline) {
                return "it was changed within the file system's time resolution before it was read, so a later"
                        + " change could not be told apart; compress it again";
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted");
            }
            clock = output.clock();
        }
        return null;
    }

    /** Takes a CPU permit if there are permits; returns how long that took, in nanoseconds. */
    private long acquire(Cancellation cancel) {
        return acquire(cpu, cancel);
    }

    /** Takes one of {@code cpu}'s permits (none when it is null); returns how long that took, in nanoseconds. */
    static long acquire(Semaphore cpu, Cancellation cancel) {
        if (cpu == null) {
            return 0;
        }
        long from = System.nanoTime();
        try {
            while (!cpu.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                cancel.throwIfCancelled();
            }
            return System.nanoTime() - from;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing was read from it
        }
    }

    private static FileResult failed(Path source, long size, String why, long started) {
        return FileResult.failed(source, size, why + " (original kept)", System.nanoTime() - started);
    }

    /** Re-reads the finished output from disk and proves it holds exactly the bytes read. */
    /**
     * Tests the written file and compares its data with what was read. The libdeflate engine's own
     * output is inflated with libdeflate ({@link IntegrityTest#testOwnOutput}), any other with zlib.
     */
    private static String verify(FileChannel written, boolean ownLibdeflateOutput, int threads,
                                 CompressionResult result, Cancellation cancel) {
        IntegrityTest.Report report;
        try {
            report = ownLibdeflateOutput ? IntegrityTest.testOwnOutput(written, threads, Progress.NONE, cancel)
                    : IntegrityTest.test(written, threads, Progress.NONE, cancel);
        } catch (IOException e) {
            return e.getMessage();
        }
        if (report.uncompressedSize() != result.bytesRead()) {
            return "it decompresses to " + report.uncompressedSize() + " bytes, but " + result.bytesRead()
                    + " were read";
        }
        if (report.crc32() != result.crc32()) {
            return String.format("its data has CRC-32 %08x, the original's bytes %08x", report.crc32(),
                    result.crc32());
        }
        return null;
    }

    /**
     * The input, remembering a read failure so that the message can say which side failed, and
     * serving first what {@link #readAhead} read.
     */
    private static final class ReadSide extends FilterInputStream {
        IOException failure;
        private byte[] ahead;
        private int aheadAt;
        private int aheadEnd;

        ReadSide(InputStream in) {
            super(in);
        }

        /** Reads now as much of the input as {@code buffer} holds; later reads are served from it first. */
        void readAhead(byte[] buffer) throws IOException {
            int n;
            try {
                n = in.readNBytes(buffer, 0, buffer.length);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
            ahead = buffer;
            aheadAt = 0;
            aheadEnd = n;
        }

        @Override
        public int read() throws IOException {
            if (aheadAt < aheadEnd) {
                return ahead[aheadAt++] & 0xff;
            }
            try {
                return in.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (aheadAt < aheadEnd) {
                int n = Math.min(len, aheadEnd - aheadAt);
                System.arraycopy(ahead, aheadAt, b, off, n);
                aheadAt += n;
                return n;
            }
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public long skip(long n) throws IOException {
            if (aheadAt < aheadEnd) {
                int skipped = (int) Math.min(Math.max(n, 0), aheadEnd - aheadAt);
                aheadAt += skipped;
                return skipped;
            }
            return in.skip(n);
        }

        @Override
        public int available() throws IOException {
            return aheadAt < aheadEnd ? aheadEnd - aheadAt : in.available();
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    /** The output, remembering a write failure so that the message can say which side failed. */
    static final class WriteSide extends FilterOutputStream {
        IOException failure;

        WriteSide(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }
}


package dev.pigzfx.batch;

import dev.pigzfx.engine.Cancellation;
import dev.pigzfx.engine.GzipHeader;
import dev.pigzfx.engine.GzipNames;
import dev.pigzfx.engine.IntegrityTest;
import dev.pigzfx.engine.Progress;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/**
 * Decompresses one {@code FILE.gz} to {@code FILE} and, unless asked to keep it, removes the
 * {@code .gz}, never losing a byte: the same steps as {@link FileCompressor}, the other way.
 *
 * <h2>What must be true before a {@code .gz} is removed</h2>
 * <ol>
 *   <li>every member was inflated and its data matched the CRC-32 and length in its trailer, and
 *       nothing but zero bytes follows the last one ({@link IntegrityTest});</li>
 *   <li>the data was written through {@link SafeOutput} to a temporary name, read back from the
 *       disk and found to have the CRC-32 and length of everything inflated;</li>
 *   <li>it was made durable, given the {@code .gz}'s owner and permissions and the time its header
 *       stored, and put under its name without replacing a file there (unless forced);</li>
 *   <li>the {@code .gz} is still the file that was read (size, times, identity, or read again
 *       where the file system cannot tell), with a single link.</li>
 * </ol>
 * A damaged {@code .gz}, a full disk, a cancel or a crash leaves the {@code .gz} as it was and no
 * temporary file behind.
 */
public final class FileDecompressor {

    private final CompressOptions options;
    private final boolean restoreName;
    /** Admits the CPU work (inflating and reading back) of a limited number of files at once; may be null. */
    private final Semaphore cpu;

    /**
     * @param options     keep, force and the threads per file (the level is not used)
     * @param restoreName whether to name the file as its header says ({@code gzip -N})
     */
    public FileDecompressor(CompressOptions options, boolean restoreName, Semaphore cpu) {
        this.options = options;
        this.restoreName = restoreName;
        this.cpu = cpu;
    }

    /** Decompresses the {@code .gz} {@code input} names; never throws for a problem with the file, it reports it. */
    public FileResult decompress(Discovery.Input input, FileWatcher watcher, Cancellation cancel) {
        FileResult r = decompressOnce(input, watcher, cancel);
        String name = (r.status() == FileStatus.FAILED || r.status() == FileStatus.SKIPPED) && !restoreName
                ? GzipNames.decompressed(input.path().getFileName().toString()) : null;
        return name == null ? r : FileResult.doneElsewhere(r, input.path().resolveSibling(name), "decompressed");
    }

    private FileResult decompressOnce(Discovery.Input input, FileWatcher watcher, Cancellation cancel) {
        long started = System.nanoTime();
        Path source = input.path();
        if (!FileCompressor.nameIsText(source)) {
            return FileResult.skipped(source, 0, FileCompressor.nameNotText());
        }
        String name = GzipNames.decompressed(source.getFileName().toString());
        if (name == null) {
            return FileResult.skipped(source, input.size(), "does not end in .gz or .tgz");
        }
        Original original;
        try {
            original = Original.look(source, input.folder());
        } catch (Original.ChangedException e) {
            return FileResult.failed(source, input.size(), e.getMessage() + kept(), 0);
        } catch (IOException e) {
            return FileResult.failed(source, 0, Reasons.of(e), 0);
        }
        try (original) {
            BasicFileAttributes attrs = original.attributes();
            String notAFile = FileCompressor.reasonNotAFile(source, attrs);
            if (notAFile != null) {
                return attrs.isDirectory() ? FileResult.failed(source, 0, notAFile, 0)
                        : FileResult.skipped(source, attrs.size(), notAFile);
            }
            return decompressRegularFile(original, name, watcher, cancel, started);
        } catch (CancellationException e) {
            return FileResult.cancelled(source, original.attributes().size(), System.nanoTime() - started);
        }
    }

    private FileResult decompressRegularFile(Original original, String name, FileWatcher watcher, Cancellation cancel,
                                             long started) {
        Path source = original.path;
        long size = original.attributes().size();
        FileChannel in;
        GzipHeader header;
        try {
            in = original.openForReading();
            header = IntegrityTest.header(in);
        } catch (Original.ChangedException e) {
            return failed(source, size, e.getMessage(), started);
        } catch (IntegrityTest.Failure e) {
            return failed(source, size, "is damaged: " + e.getMessage(), started);
        } catch (IOException e) {
            return failed(source, size, "cannot read " + source + ": " + Reasons.of(e), started);
        }
        String note = "";
        if (restoreName && header.fileName() != null) {
            if (header.fileName().equals(source.getFileName().toString())) {
                note = "the name it stores is its own: not used";
            } else if (GzipNames.isSafeStoredName(header.fileName())) {
                name = header.fileName();
            } else {
                note = "the name it stores, " + Printable.of(header.fileName())
                        + ", is not a plain file name: not used";
            }
        }
        Path target = source.resolveSibling(name);
        if (!options.force() && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return FileResult.skipped(source, size, target + " already exists (force to replace it)");
        }
        watcher.started();
        SafeOutput output;
        try {
            output = SafeOutput.create(original, target, Long.MAX_VALUE);
        } catch (IOException e) {
            return failed(source, size, "cannot write " + target + ": " + Reasons.of(e), started);
        }
        try (output) {
            FileCompressor.WriteSide out = new FileCompressor.WriteSide(output.stream());
            IntegrityTest.Report report;
            started += FileCompressor.acquire(cpu, cancel);
            try {
                try {
                    report = IntegrityTest.decompress(in, options.threads(), watcher, cancel, out);
                    out.flush();
                } catch (IntegrityTest.Failure e) {
                    return failed(source, size, "is damaged: " + e.getMessage(), started);
                } catch (IOException e) {
                    return failed(source, size, out.failure != null
                            ? "cannot write " + target + ": " + Reasons.of(out.failure)
                            : "cannot read " + source + ": " + Reasons.of(e), started);
                }
                String changed = original.changedSince(report.compressedSize());
                if (changed != null) {
                    return failed(source, size, changed.replace("compressing", "decompressing"), started);
                }
                cancel.throwIfCancelled();
                watcher.verifying();
                String bad = readBack(output.written(), report, cancel);
                if (bad != null) {
                    return failed(source, size, "verification of " + target + " failed: " + bad, started);
                }
            } finally {
                if (cpu != null) {
                    cpu.release();
                }
            }
            cancel.throwIfCancelled();
            if (header.mtimeSeconds() > 0) {
                output.modifiedAt(FileTime.from(header.mtimeSeconds(), TimeUnit.SECONDS));
            }
            String keptWhy = output.finish(original);
            boolean recent = original.changedRecently(output.createdAt());
            if (keptWhy.isEmpty() && !options.keep() && (recent || !original.keepsChangeTimes())) {
                String notProven = prove(original, output, in, report, recent, cancel);
                if (notProven != null) {
                    return failed(source, size, notProven, started);
                }
            }
            try {
                output.publish(options.force(), !options.keep() && keptWhy.isEmpty());
            } catch (FileAlreadyExistsException e) {
                return new FileResult(source, null, FileStatus.SKIPPED, report.uncompressedSize(), size, report.crc32(),
                        true, target + " already exists (it appeared while decompressing); it was left as it is"
                        + kept(), System.nanoTime() - started);
            }
            if (keptWhy.isEmpty() && !options.keep()) {
                keptWhy = original.remove().replace("original kept", ".gz kept");
            }
            String detail = note.isEmpty() ? keptWhy : keptWhy.isEmpty() ? note : note + "; " + keptWhy;
            return new FileResult(source, target, FileStatus.SUCCESS, report.uncompressedSize(), size, report.crc32(),
                    options.keep() || !keptWhy.isEmpty(), detail, System.nanoTime() - started);
        } catch (IOException e) {
            return failed(source, size, "cannot write " + target + ": " + Reasons.of(e), started);
        }
    }

    /**
     * Tests the {@code .gz} {@code input} names, writing nothing: a success carries what it holds
     * (its data's size and CRC-32), a failure what is wrong and where.
     */
    static FileResult test(Discovery.Input input, int threads, FileWatcher watcher, Cancellation cancel) {
        long started = System.nanoTime();
        Path gz = input.path();
        watcher.started();
        try {
            IntegrityTest.Report r = IntegrityTest.test(gz, threads, watcher, cancel);
            String members = r.members() + " member" + (r.members() == 1 ? "" : "s");
            return new FileResult(gz, gz, FileStatus.SUCCESS, r.uncompressedSize(), r.compressedSize(), r.crc32(),
                    true, members, System.nanoTime() - started);
        } catch (IntegrityTest.Failure e) {
            return FileResult.failed(gz, input.size(), e.getMessage(), System.nanoTime() - started);
        } catch (CancellationException e) {
            return FileResult.cancelled(gz, input.size(), System.nanoTime() - started);
        } catch (IOException e) {
            return FileResult.failed(gz, input.size(), "cannot read it: " + Reasons.of(e), System.nanoTime() - started);
        }
    }

    /**
     * For a {@code .gz} whose change time cannot tell whether it changed while it was read: waits
     * past the clock's tick, then tests it again and requires the same data, so that removing it
     * loses nothing. Null when proven, otherwise why it is kept.
     */
    private static String prove(Original original, SafeOutput output, FileChannel in, IntegrityTest.Report report,
                                boolean recent, Cancellation cancel) throws IOException {
        String notYet = FileCompressor.waitPastChanges(original, output, recent);
        if (notYet != null) {
            return notYet;
        }
        try {
            IntegrityTest.Report again = IntegrityTest.test(in, 1, Progress.NONE, cancel);
            if (again.crc32() == report.crc32() && again.uncompressedSize() == report.uncompressedSize()
                    && again.compressedSize() == report.compressedSize()) {
                return null;
            }
        } catch (IntegrityTest.Failure e) {
            // changed into something else: said below
        }
        return "changed while decompressing";
    }

    /** Reads the written file back from the disk: null when it has the data's CRC-32 and length, else what differs. */
    private static String readBack(FileChannel written, IntegrityTest.Report report, Cancellation cancel)
            throws IOException {
        CRC32 crc = new CRC32();
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 16);
        long at = 0;
        for (int n; (n = written.read(buf.clear(), at)) >= 0; at += n) {
            cancel.throwIfCancelled();
            crc.update(buf.flip());
        }
        if (at != report.uncompressedSize()) {
            return "it holds " + at + " bytes, but " + report.uncompressedSize() + " were decompressed";
        }
        if ((int) crc.getValue() != report.crc32()) {
            return String.format("its data has CRC-32 %08x, what was decompressed %08x", (int) crc.getValue(),
                    report.crc32());
        }
        return null;
    }

    private static String kept() {
        return " (.gz kept)";
    }

    private static FileResult failed(Path source, long size, String why, long started) {
        return FileResult.failed(source, size, why + kept(), System.nanoTime() - started);
    }
}

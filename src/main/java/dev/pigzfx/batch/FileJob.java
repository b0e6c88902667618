package dev.pigzfx.batch;

import dev.pigzfx.engine.Cancellation;
import dev.pigzfx.engine.GzipEngine;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * What a batch does to each file: compress it, decompress it or test it. The {@link BatchRunner}
 * runs any of them over the same plan, threads, events and cancel; discovery takes the files the
 * job's {@link Mode} takes.
 */
public interface FileJob {

    /** Which files the job takes, and what it calls its outputs. */
    Mode mode();

    /**
     * The job as one stage of a plan runs it: each file with {@code threads} threads, the CPU work
     * (deflate, inflate, test) of only so many files at once admitted by {@code cpu}, null for no limit.
     */
    Worker worker(int threads, Semaphore cpu);

    /** A job of {@code mode} whose workers {@code workers} makes, for each stage's threads and admission. */
    static FileJob of(Mode mode, java.util.function.BiFunction<Integer, Semaphore, Worker> workers) {
        return new FileJob() {
            @Override
            public Mode mode() {
                return mode;
            }

            @Override
            public Worker worker(int threads, Semaphore cpu) {
                return workers.apply(threads, cpu);
            }
        };
    }

    /** The work on one file. */
    interface Worker {
        /** Never throws for a problem with the file: it reports it. */
        FileResult run(Discovery.Input input, FileWatcher watcher, Cancellation cancel);
    }

    /** Compresses each file to {@code FILE.gz}, the data that does not shrink as {@code incompressible} says. */
    static FileJob compress(GzipEngine engine, CompressOptions options, Incompressible incompressible) {
        return of(Mode.COMPRESS, (threads, cpu) -> {
            FileCompressor compressor = new FileCompressor(engine, options.withThreads(threads),
                    java.util.function.UnaryOperator.identity(), cpu);
            return (input, watcher, cancel) -> {
                int level = options.level();
                String note = "";
                if (incompressible != Incompressible.COMPRESS
                        && Incompressible.looksIncompressible(input.path(), input.size())) {
                    if (incompressible == Incompressible.SKIP) {
                        return FileResult.skipped(input.path(), input.size(),
                                "incompressible data (a sample shrank by under 2%)");
                    }
                    if (level > 1) {
                        level = 1;
                        note = "incompressible data: compressed at level 1";
                    }
                }
                watcher.started();
                FileResult r = compressor.compress(input, level, watcher, cancel);
                return note.isEmpty() ? r : r.withNote(note);
            };
        });
    }

    /**
     * Decompresses each {@code FILE.gz} to {@code FILE} ({@code .tgz} to {@code .tar}); with
     * {@code restoreName}, to the name its header stored, as {@code gzip -N} does.
     */
    static FileJob decompress(CompressOptions options, boolean restoreName) {
        return decompress(options, restoreName, false);
    }

    /**
     * As {@link #decompress(CompressOptions, boolean)}; with {@code unpack}, a {@code .tar.gz} or
     * {@code .tgz} is unpacked to a folder beside it instead ({@link ArchiveExtractor}), and kept.
     */
    static FileJob decompress(CompressOptions options, boolean restoreName, boolean unpack) {
        return of(Mode.DECOMPRESS, (threads, cpu) -> {
            Worker plain = new FileDecompressor(options.withThreads(threads), restoreName, cpu)::decompress;
            if (!unpack) {
                return plain;
            }
            ArchiveExtractor extractor = new ArchiveExtractor(threads, false);
            return (input, watcher, cancel) -> {
                if (!ArchiveMaker.isArchiveName(input.path())) {
                    return plain.run(input, watcher, cancel);
                }
                watcher.started();
                ArchiveExtractor.Outcome out = extractor.extract(input.path(), null, watcher::update, cancel);
                return withRefusals(out.archive(), out.refused());
            };
        });
    }

    /**
     * Makes one archive, {@code input}'s path, of {@code roots} (less {@code leftOut}): the job of a
     * batch of one, whose row is the archive ({@link ArchiveMaker}).
     */
    static FileJob archive(GzipEngine engine, CompressOptions options, List<Path> roots, Set<Path> leftOut) {
        return of(Mode.COMPRESS, (threads, cpu) -> {
            ArchiveMaker maker = new ArchiveMaker(engine, options.withThreads(threads), false);
            return (input, watcher, cancel) -> {
                watcher.started();
                ArchiveMaker.Outcome out = maker.make(roots, leftOut, input.path(), new ArchiveMaker.Listener() {
                    @Override
                    public void progress(long bytesRead, long bytesWritten) {
                        watcher.update(bytesRead, bytesWritten);
                    }

                    @Override
                    public void testing() {
                        watcher.verifying();
                    }
                }, cancel);
                FileResult r = out.archive();
                FileResult asRow = new FileResult(input.path(), r.output(), r.status(), r.originalSize(),
                        r.compressedSize(), r.crc32(), r.originalKept(), r.detail(), r.nanos());
                return withRefusals(asRow, out.passedOver());
            };
        });
    }

    /** {@code r} with what was refused or passed over told in its detail: the first few, and how many. */
    private static FileResult withRefusals(FileResult r, List<FileResult> others) {
        if (others.isEmpty()) {
            return r;
        }
        StringBuilder told = new StringBuilder();
        others.stream().limit(3).forEach(o -> told.append(told.isEmpty() ? "" : "; ").append(o.detail()
                .startsWith("entry ") ? o.detail() : o.source().getFileName() + ": " + o.detail()));
        if (others.size() > 3) {
            told.append("; and ").append(others.size() - 3).append(" more");
        }
        return new FileResult(r.source(), r.output(), r.status(), r.originalSize(), r.compressedSize(), r.crc32(),
                r.originalKept(), r.detail() + "; " + told, r.nanos());
    }

    /** Tests each {@code .gz}, writing nothing. */
    static FileJob test() {
        return of(Mode.TEST, (threads, cpu) -> {
            return (input, watcher, cancel) -> FileDecompressor.test(input, threads, watcher, cancel);
        });
    }
}

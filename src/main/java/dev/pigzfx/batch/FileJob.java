package dev.pigzfx.batch;

import dev.pigzfx.engine.Cancellation;
import dev.pigzfx.engine.GzipEngine;

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

    /** The work on one file. */
    interface Worker {
        /** Never throws for a problem with the file: it reports it. */
        FileResult run(Discovery.Input input, FileWatcher watcher, Cancellation cancel);
    }

    /** Compresses each file to {@code FILE.gz}, the data that does not shrink as {@code incompressible} says. */
    static FileJob compress(GzipEngine engine, CompressOptions options, Incompressible incompressible) {
        return new FileJob() {
            @Override
            public Mode mode() {
                return Mode.COMPRESS;
            }

            @Override
            public Worker worker(int threads, Semaphore cpu) {
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
            }
        };
    }

    /**
     * Decompresses each {@code FILE.gz} to {@code FILE} ({@code .tgz} to {@code .tar}); with
     * {@code restoreName}, to the name its header stored, as {@code gzip -N} does.
     */
    static FileJob decompress(CompressOptions options, boolean restoreName) {
        return new FileJob() {
            @Override
            public Mode mode() {
                return Mode.DECOMPRESS;
            }

            @Override
            public Worker worker(int threads, Semaphore cpu) {
                return new FileDecompressor(options.withThreads(threads), restoreName, cpu)::decompress;
            }
        };
    }

    /** Tests each {@code .gz}, writing nothing. */
    static FileJob test() {
        return new FileJob() {
            @Override
            public Mode mode() {
                return Mode.TEST;
            }

            @Override
            public Worker worker(int threads, Semaphore cpu) {
                return (input, watcher, cancel) -> FileDecompressor.test(input, threads, watcher, cancel);
            }
        };
    }
}

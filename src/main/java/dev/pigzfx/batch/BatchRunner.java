package dev.pigzfx.batch;

import dev.pigzfx.engine.Cancellation;
import dev.pigzfx.engine.GzipEngine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a {@link Plan} with a {@link FileJob} (compress, decompress or test): each file QUEUED, then
 * at work, then VERIFYING, then DONE, or SKIPPED, FAILED or CANCELLED.
 *
 * <h2>Threads</h2>
 * Stages run one after the other. A stage that runs one file at a time runs on the caller's thread;
 * one that runs several starts workers ({@code pigzfx-file-N}) that take the stage's files in order
 * from a shared counter, each file compressed with {@code threadsPerFile} threads. The plan
 * guarantees {@code filesAtOnce x threadsPerFile <= threads}. Files of one thread each spend much of
 * their time waiting on the disk (fsync, rename, removal), so such a stage starts
 * {@link #DISK_WAIT_OVERLAP} workers per file it may run at once and lets only {@code filesAtOnce}
 * of them compress or test at a time (a semaphore held from compression to the end of the test):
 * the waits overlap, and the runner still never keeps more compress threads busy than the budget.
 * Every worker is joined before the stage ends.
 *
 * <h2>Failures and cancel</h2>
 * A file's failure is its own: it is reported and the next file starts. Cancelling the batch stops
 * the files in hand (through their {@link Cancellation}) and marks the rest CANCELLED without
 * touching them; {@link #cancel(Path)} does the same for one file, queued or running. Whatever
 * happens, every original is as safe as {@link FileCompressor} and {@link FileDecompressor} keep it.
 *
 * <h2>Events</h2>
 * The {@link Listener} hears of the plan, each file's start, progress, verification and end, and
 * the batch's end, on the worker threads: it must be quick and thread-safe (the window coalesces).
 * Per file that is a handful of calls plus one per block, cheap enough for 100,000 files.
 */
public final class BatchRunner {

    /** Hears how a batch goes. Called on worker threads. */
    public interface Listener {
        default void planned(Plan plan) {
        }

        default void started(Path file, int threads) {
        }

        default void progress(Path file, long bytesRead, long bytesWritten) {
        }

        default void verifying(Path file) {
        }

        default void finished(FileResult result) {
        }

        default void batchFinished(BatchResult result) {
        }
    }

    /** Workers per CPU permit for single-thread files. */
    private static final int DISK_WAIT_OVERLAP = 4;

    private final FileJob job;
    private final Listener listener;
    private final Map<Path, Cancellation> fileCancels = new ConcurrentHashMap<>();
    private final Cancellation batchCancel = new Cancellation();

    /** A runner that compresses. */
    public BatchRunner(GzipEngine engine, CompressOptions options, Incompressible incompressible, Listener listener) {
        this(FileJob.compress(engine, options, incompressible), listener);
    }

    public BatchRunner(FileJob job, Listener listener) {
        this.job = job;
        this.listener = listener;
    }

    /** Stops the whole batch: the files in hand are cancelled, the rest are not started. */
    public void cancel() {
        batchCancel.cancel();
    }

    /** Cancels one file, whether it is running or still queued. */
    public void cancel(Path file) {
        fileCancels.computeIfAbsent(file, f -> new Cancellation()).cancel();
    }

    /** Runs the plan to its end, or until cancelled. */
    public BatchResult run(Plan plan) {
        long started = System.nanoTime();
        listener.planned(plan);
        List<FileResult> results = new ArrayList<>(plan.files());
        for (Plan.Stage stage : plan.stages()) {
            results.addAll(Arrays.asList(runStage(stage)));
        }
        BatchResult result = new BatchResult(plan, List.copyOf(results), System.nanoTime() - started);
        listener.batchFinished(result);
        return result;
    }

    private FileResult[] runStage(Plan.Stage stage) {
        List<Discovery.Input> inputs = stage.inputs();
        FileResult[] results = new FileResult[inputs.size()];
        // Single-thread files spend much of their time waiting on the disk (fsync, rename): more workers
        // than CPU permits overlap those waits while the permits keep the thread budget.
        int workers = Math.min(stage.threadsPerFile() == 1 && stage.filesAtOnce() > 1
                ? stage.filesAtOnce() * DISK_WAIT_OVERLAP : stage.filesAtOnce(), inputs.size());
        Semaphore cpu = workers > stage.filesAtOnce() ? new Semaphore(stage.filesAtOnce()) : null;
        FileJob.Worker work = job.worker(stage.threadsPerFile(), cpu);
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < inputs.size(); i = next.getAndIncrement()) {
                results[i] = runFile(work, inputs.get(i), stage.threadsPerFile());
            }
        };
        if (workers <= 1) {
            worker.run();
            return results;
        }
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            threads.add(Thread.ofPlatform().name("pigzfx-file-" + w).daemon().start(worker));
        }
        boolean interrupted = false;
        for (Thread t : threads) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                    batchCancel.cancel();
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return results;
    }

    private FileResult runFile(FileJob.Worker work, Discovery.Input input, int threads) {
        Path file = input.path();
        Cancellation cancel = fileCancels.computeIfAbsent(file, f -> new Cancellation());
        try (Cancellation.Registration link = batchCancel.onCancel(cancel::cancel)) {
            FileResult result;
            if (cancel.isCancelled()) {
                result = FileResult.cancelled(file, input.size(), 0).notStarted();
            } else {
                result = work.run(input, new FileWatcher() {
                    @Override
                    public void started() {
                        listener.started(file, threads);
                    }

                    @Override
                    public void update(long bytesRead, long bytesWritten) {
                        listener.progress(file, bytesRead, bytesWritten);
                    }

                    @Override
                    public void verifying() {
                        listener.verifying(file);
                    }
                }, cancel);
            }
            listener.finished(result);
            return result;
        } finally {
            fileCancels.remove(file);
        }
    }
}

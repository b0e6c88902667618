package dev.pigzfx.ui;

import dev.pigzfx.batch.BatchResult;
import dev.pigzfx.batch.BatchRunner;
import dev.pigzfx.batch.CompressOptions;
import dev.pigzfx.batch.Discovery;
import dev.pigzfx.batch.FileStatus;
import dev.pigzfx.batch.FileJob;
import dev.pigzfx.batch.Mode;
import dev.pigzfx.batch.Plan;
import dev.pigzfx.batch.Planner;
import dev.pigzfx.engine.GzipEngine;
import dev.pigzfx.ui.MainViewModel.Phase;
import dev.pigzfx.ui.MainViewModel.Summary;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * A batch in the window: Compress plans the queued rows and runs them on a background thread, the
 * FX pulse hands the batch's news to the rows, the footer and the chart, Cancel stops it (every
 * original kept), and its end leaves a summary. One batch at a time.
 *
 * <h2>Phases</h2>
 * IDLE: the queue can be edited and Compress runs the QUEUED rows. RUNNING: files may still be
 * added (they wait for the next Compress), nothing can be removed. CANCELLING: Cancel was pressed
 * and the files in hand are cleaning up; the batch ends as CANCELLED rows with every original kept.
 */
final class BatchSession {

    /**
     * How often the table takes the batch's news: often enough to look live, rarely enough that
     * drawing a table of thousands of changing rows takes little from the compress threads.
     */
    private static final long HAND_OVER_NANOS = 100_000_000;
    private static final long SAMPLE_NANOS = 1_000_000_000;

    private final OptionsModel options;
    private final FileQueue queue;
    private final BatchReadout readout;
    private final ThroughputSampler sampler;
    /** The window's note for the user, shared with the queue. */
    private final ReadOnlyStringWrapper message;
    private final Planner planner;
    private final UiThreads threads;
    private final ReadOnlyObjectWrapper<Phase> phase;
    private final ReadOnlyObjectWrapper<Summary> summary = new ReadOnlyObjectWrapper<>(this, "summary");
    private final ReadOnlyObjectWrapper<FileRow> working = new ReadOnlyObjectWrapper<>(this, "working");
    private BatchRunner runner;
    /** Where one archive goes, when Compress makes one: the user's choice or the name made of the list. */
    private final javafx.beans.value.ObservableValue<Path> archiveTarget;
    /** Whether the archive may replace a file of its name: the user chose that name in the Save dialog. */
    private final java.util.function.BooleanSupplier replaceArchive;
    /** Stops the pulse of the batch that runs. */
    private Runnable stopPulse;

    /** @param phase what the window is doing, which this session changes */
    BatchSession(ReadOnlyObjectWrapper<Phase> phase, OptionsModel options, FileQueue queue, BatchReadout readout,
                 ThroughputSampler sampler, ReadOnlyStringWrapper message, Planner planner, UiThreads threads,
                 javafx.beans.value.ObservableValue<Path> archiveTarget,
                 java.util.function.BooleanSupplier replaceArchive) {
        this.archiveTarget = archiveTarget;
        this.replaceArchive = replaceArchive;
        this.phase = phase;
        this.options = options;
        this.queue = queue;
        this.readout = readout;
        this.sampler = sampler;
        this.message = message;
        this.planner = planner;
        this.threads = threads;
    }

    /** How the last batch ended; null before the first and once the table is emptied. */
    ReadOnlyObjectProperty<Summary> summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** The row whose file started last in the batch that runs: the work the table keeps in view. */
    ReadOnlyObjectProperty<FileRow> workingProperty() {
        return working.getReadOnlyProperty();
    }

    /** Forgets the last batch's summary. */
    void clearSummary() {
        summary.set(null);
    }

    /**
     * Compresses every queued row with the current options: the plan is made, the batch runs on a
     * background thread and the rows follow it.
     *
     * @return completes on the FX thread when the batch has ended and every row shows its end; at
     *         once with null when there is nothing to do or the engine cannot run here
     */
    CompletableFuture<BatchResult> compress() {
        CompletableFuture<BatchResult> done = new CompletableFuture<>();
        if (phase.get() != Phase.IDLE) {
            done.complete(null);
            return done;
        }
        if (queue.queuedProperty().get() == 0) {
            queue.requeueUnfinished();
        }
        if (queue.queuedProperty().get() == 0) {
            done.complete(null);
            return done;
        }
        CompressOptions chosenOptions = options.options();
        Mode mode = options.modeProperty().get();
        GzipEngine gzipEngine = null;
        if (mode == Mode.COMPRESS) {
            try {
                gzipEngine = options.engine(chosenOptions.engine());
            } catch (IOException e) {
                message.set(e.getMessage());
                done.complete(null);
                return done;
            }
        }
        List<FileRow> batch = queue.queuedRows();
        if (options.makesArchive()) {
            return archive(batch, chosenOptions, gzipEngine, done);
        }
        List<Discovery.Input> inputs = batch.stream().map(FileRow::input).toList();
        Plan.Strategy chosen = options.strategyProperty().get();
        summary.set(null);
        message.set("");
        sampler.start();
        BatchEvents events = new BatchEvents(batch, readout::show, working::set);
        FileJob job = switch (mode) {
            case COMPRESS -> FileJob.compress(gzipEngine, chosenOptions, options.incompressibleProperty().get());
            case DECOMPRESS -> FileJob.decompress(chosenOptions, false, options.unpackArchivesProperty().get());
            case TEST -> FileJob.test();
        };
        runner = new BatchRunner(job, events);
        BatchRunner batchRunner = runner;
        GzipEngine compressing = gzipEngine;
        Runnable run = () -> {
            BatchResult result;
            try {
                // planning sorts every file: off the FX thread, like the batch
                if (compressing != null) {
                    result = batchRunner.run(planner.plan(inputs, chosen, chosenOptions, compressing, null));
                    planner.learn(compressing, chosenOptions.level(), result);
                } else {
                    result = batchRunner.run(OptionsModel.plan(inputs, chosenOptions));
                }
            } catch (RuntimeException | Error e) {
                threads.fx(() -> {
                    events.handOver();
                    finish(null);
                    message.set("The batch stopped: " + e);
                    done.completeExceptionally(e);
                });
                return;
            }
            threads.fx(() -> {
                events.handOver();
                batch.forEach(row -> row.ranIn(result.plan()));
                finish(result);
                done.complete(result);
            });
        };
        phase.set(Phase.RUNNING);
        readout.begin(batch.size(), inputs.stream().mapToLong(Discovery.Input::size).sum(), mode != Mode.COMPRESS);
        startPulse(events, () -> threads.background(run));
        return done;
    }

    /**
     * One archive of what the user added (less what they removed), as a batch of one row, the
     * archive's, at the top of the table; the files' rows say they went into it once it is tested.
     */
    private CompletableFuture<BatchResult> archive(List<FileRow> files, CompressOptions chosenOptions,
                                                   GzipEngine gzipEngine, CompletableFuture<BatchResult> done) {
        Path target = archiveTarget.getValue();
        List<Path> roots = queue.roots();
        if (target == null || roots.isEmpty()) {
            message.set("Add files or folders to make an archive of them.");
            done.complete(null);
            return done;
        }
        long bytes = files.stream().mapToLong(FileRow::inputSize).sum();
        FileRow row = FileRow.archive(target, bytes);
        queue.addArchiveRow(row);
        List<FileRow> batch = List.of(row);
        summary.set(null);
        message.set("");
        sampler.start();
        BatchEvents events = new BatchEvents(batch, readout::show, working::set);
        // a name the user chose in the Save dialog was confirmed there if it existed; a name made of
        // the list is one that did not exist
        CompressOptions archiveOptions = chosenOptions.withForce(replaceArchive.getAsBoolean());
        runner = new BatchRunner(FileJob.archive(gzipEngine, archiveOptions, roots, queue.leftOut()), events);
        BatchRunner batchRunner = runner;
        Plan plan = OptionsModel.plan(List.of(row.input()), chosenOptions);
        Runnable run = () -> {
            BatchResult result;
            try {
                result = batchRunner.run(plan);
            } catch (RuntimeException | Error e) {
                threads.fx(() -> {
                    events.handOver();
                    finish(null);
                    message.set("The archive stopped: " + e);
                    done.completeExceptionally(e);
                });
                return;
            }
            threads.fx(() -> {
                events.handOver();
                row.ranIn(result.plan());
                if (row.state() == RowState.DONE) {
                    queue.archivedIn(target);
                }
                finish(result);
                done.complete(result);
            });
        };
        phase.set(Phase.RUNNING);
        readout.begin(1, bytes, false);
        startPulse(events, () -> threads.background(run));
        return done;
    }

    /** Stops the batch (every original stays) and any folder walk under way. */
    void cancel() {
        queue.stopScans();
        if (phase.get() == Phase.RUNNING && runner != null) {
            phase.set(Phase.CANCELLING);
            runner.cancel();
        }
    }

    /**
     * While a batch runs, the FX pulse takes the batch's news every {@link #HAND_OVER_NANOS} and a
     * throughput sample every second: the workers never post to the FX thread themselves. The
     * batch itself is started from the second pulse.
     */
    private void startPulse(BatchEvents events, Runnable startBatch) {
        long[] lastHandOver = {0};
        long[] lastSample = {System.nanoTime()};
        int[] pulses = {0};
        stopPulse = threads.pulse(now -> {
            // the batch starts once the window has drawn itself running (its controls disabled, the
            // notification gone): that drawing then has the CPU to itself, not the compress threads
            if (++pulses[0] == 2) {
                startBatch.run();
            }
            if (now - lastHandOver[0] >= HAND_OVER_NANOS && events.pending()) {
                lastHandOver[0] = now;
                events.handOver();
            }
            if (now - lastSample[0] >= SAMPLE_NANOS) {
                lastSample[0] = now;
                sampler.sample(readout.processed());
                readout.showTime();
            }
        });
    }

    private void finish(BatchResult result) {
        if (stopPulse != null) {
            stopPulse.run();
            stopPulse = null;
        }
        runner = null;
        phase.set(Phase.IDLE);
        readout.showTime();
        queue.recount();
        if (result != null) {
            summary.set(summarize(result));
        }
    }

    /**
     * How the batch ended, with a title that says so, in the footer's own figures and format: the
     * note and the footer never disagree.
     */
    private Summary summarize(BatchResult result) {
        int done = (int) result.count(FileStatus.SUCCESS);
        int skipped = (int) result.count(FileStatus.SKIPPED);
        int failed = (int) result.count(FileStatus.FAILED);
        int cancelled = (int) result.count(FileStatus.CANCELLED);
        String title = cancelled > 0 ? "Cancelled" : failed > 0 ? "Finished with failures" : "Done";
        String did = switch (options.modeProperty().get()) {
            case COMPRESS -> "compressed";
            case DECOMPRESS -> "decompressed";
            case TEST -> "tested";
        };
        String noun = options.makesArchive() ? "archive" : "file";
        if (options.makesArchive()) {
            did = "made and tested";
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%,d %s%s %s", done, noun,
                done == 1 ? "" : "s", did));
        if (!readout.bytesTextProperty().get().isEmpty()) {
            text.append(": ").append(readout.bytesTextProperty().get());
        }
        text.append(" in ").append(readout.elapsed());
        if (!readout.speedTextProperty().get().isEmpty()) {
            text.append(", ").append(readout.speedTextProperty().get());
        }
        if (skipped + failed + cancelled > 0) {
            text.append(String.format(Locale.ROOT, "; %,d skipped, %,d failed, %,d cancelled", skipped, failed,
                    cancelled));
        }
        if (failed + cancelled > 0 && options.modeProperty().get() != Mode.TEST) {
            text.append(options.modeProperty().get() == Mode.COMPRESS ? "; their originals kept"
                    : "; their .gz files kept");
        }
        return new Summary(title, text.toString(), failed, cancelled);
    }
}

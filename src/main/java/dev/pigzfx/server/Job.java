package dev.pigzfx.server;

import dev.pigzfx.batch.AdaptiveScheduler;
import dev.pigzfx.batch.BatchResult;
import dev.pigzfx.batch.BatchRunner;
import dev.pigzfx.batch.CompressOptions;
import dev.pigzfx.batch.Discovery;
import dev.pigzfx.batch.FileJob;
import dev.pigzfx.batch.FileResult;
import dev.pigzfx.batch.FileStatus;
import dev.pigzfx.batch.Incompressible;
import dev.pigzfx.batch.Json;
import dev.pigzfx.batch.Mode;
import dev.pigzfx.batch.Plan;
import dev.pigzfx.batch.Planner;
import dev.pigzfx.batch.Reports;
import dev.pigzfx.engine.Cancellation;
import dev.pigzfx.engine.GzipEngine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One batch asked for over HTTP: the same discovery, plan, runner and report as the command line's,
 * on a thread of its own, with its progress readable while it runs and a cancel that stops it (every
 * original kept). Its end is an HTTP status and the command line's {@code --json} body.
 */
final class Job {

    /** How a batch ended, as the API answers it. */
    record Answer(int status, String json) {
    }

    final String id;
    final Mode mode;
    final Path path;
    private final Cancellation cancel = new Cancellation();
    private final CompletableFuture<Answer> done = new CompletableFuture<>();
    private final AtomicInteger filesDone = new AtomicInteger();
    private final AtomicLong bytesDone = new AtomicLong();
    private volatile Plan plan;
    private volatile BatchRunner runner;
    private final long started = System.nanoTime();

    Job(String id, Mode mode, Path path) {
        this.id = id;
        this.mode = mode;
        this.path = path;
    }

    /** Runs the batch on a thread of its own; {@code ended} runs once it is over, however it ended. */
    void start(GzipEngine engine, CompressOptions options, Plan.Strategy strategy, Planner planner, Runnable ended) {
        Thread.ofPlatform().name("pigzfx-api-" + id).start(() -> {
            try {
                done.complete(run(engine, options, strategy, planner));
            } catch (RuntimeException | Error e) {
                System.getLogger(Job.class.getName()).log(System.Logger.Level.ERROR, "the batch on " + path
                        + " stopped", e);
                done.complete(new Answer(500, detail("The batch on " + path + " stopped: " + e)));
            } finally {
                ended.run();
            }
        });
    }

    private Answer run(GzipEngine engine, CompressOptions options, Plan.Strategy strategy, Planner planner) {
        Discovery.Found found = Discovery.discover(List.of(path), mode, false, true, cancel);
        if (cancel.isCancelled()) {
            return new Answer(200, new Json().beginObject().beginArray("files").endArray()
                    .field("status", "cancelled").endObject().toString());
        }
        Plan made = mode == Mode.COMPRESS ? planner.plan(found.inputs(), strategy, options, engine, null)
                : AdaptiveScheduler.plan(strategy, found.inputs(), options.threads(), AdaptiveScheduler.DEFAULT_THRESHOLD);
        plan = made;
        FileJob job = switch (mode) {
            case COMPRESS -> FileJob.compress(engine, options, Incompressible.FAST);
            case DECOMPRESS -> FileJob.decompress(options, false);
            case TEST -> FileJob.test();
        };
        BatchRunner batch = new BatchRunner(job, new BatchRunner.Listener() {
            @Override
            public void finished(FileResult result) {
                filesDone.incrementAndGet();
                bytesDone.addAndGet(result.status() == FileStatus.SUCCESS ? result.originalSize() : 0);
            }
        });
        runner = batch;
        if (cancel.isCancelled()) {
            batch.cancel();
        }
        BatchResult result = batch.run(made);
        if (mode == Mode.COMPRESS) {
            planner.learn(engine, options.level(), result);
        }
        List<FileResult> all = new ArrayList<>();
        found.setAside().forEach(s -> all.add(s.result()));
        all.addAll(result.results());
        String json = Reports.json(made, all);
        FileResult failed = all.stream().filter(r -> r.status() == FileStatus.FAILED).findFirst().orElse(null);
        if (failed != null) {
            // the original service's shape for a failure, with every file's result beside it
            return new Answer(500, "{\"detail\": " + quoted(verbed() + " failed for file " + failed.source() + ": "
                    + failed.detail()) + ", " + json.substring(1));
        }
        return new Answer(200, json);
    }

    private String verbed() {
        return switch (mode) {
            case COMPRESS -> "Compression";
            case DECOMPRESS -> "Decompression";
            case TEST -> "The test";
        };
    }

    /** Stops the batch; every original stays. */
    void cancel() {
        cancel.cancel();
        BatchRunner batch = runner;
        if (batch != null) {
            batch.cancel();
        }
    }

    boolean isDone() {
        return done.isDone();
    }

    CompletableFuture<Answer> done() {
        return done;
    }

    /**
     * The job as {@code GET /jobs/ID} shows it: its state and progress while it runs, and once it
     * has ended, its answer's body with {@code "job"} beside it.
     */
    String describe() {
        if (done.isDone()) {
            Answer answer = done.join();
            return "{\"job\": " + quoted(id) + ", \"state\": \"" + (cancel.isCancelled() ? "cancelled" : "done")
                    + "\", \"http_status\": " + answer.status() + ", " + answer.json().substring(1);
        }
        Plan p = plan;
        Json json = new Json().beginObject().field("job", id).field("state", cancel.isCancelled() ? "cancelling"
                : "running").field("action", mode.name().toLowerCase(java.util.Locale.ROOT))
                .field("input_path", path.toString()).field("files_done", filesDone.get())
                .field("bytes_done", bytesDone.get()).field("seconds", (System.nanoTime() - started) / 1e9);
        if (p != null) {
            json.field("files", p.files()).field("total_bytes", p.totalBytes());
        }
        return json.endObject().toString();
    }

    static String detail(String text) {
        return "{\"detail\": " + quoted(text) + "}";
    }

    /** {@code text} as a JSON string. */
    static String quoted(String text) {
        String object = new Json().beginObject().field("s", text).endObject().toString();
        return object.substring(object.indexOf(':') + 1, object.lastIndexOf('}')).trim();
    }
}

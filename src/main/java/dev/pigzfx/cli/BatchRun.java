package dev.pigzfx.cli;

import dev.pigzfx.batch.BatchResult;
import dev.pigzfx.batch.BatchRunner;
import dev.pigzfx.batch.Discovery;
import dev.pigzfx.batch.FileJob;
import dev.pigzfx.batch.FileResult;
import dev.pigzfx.batch.FileStatus;
import dev.pigzfx.batch.Mode;
import dev.pigzfx.batch.Plan;
import dev.pigzfx.batch.Printable;
import dev.pigzfx.batch.Reports;
import dev.pigzfx.batch.Sizes;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What every batch command does once it has its plan: says what discovery passed over, runs the
 * batch with the live line on a terminal and Ctrl+C handled, tells each file, then the summary or
 * the JSON, and gives the exit status. Names reach the terminal with their control characters
 * escaped ({@link Printable}).
 */
final class BatchRun {

    /** How long Ctrl+C waits for the files in hand to clean up before the process exits. */
    private static final long CLEANUP_WAIT_SECONDS = 10;
    /** Above this many files a line per success would flood the terminal; failures are always shown. */
    private static final int LIST_SUCCESSES_UP_TO = 50;
    /** Below this a file's speed says more about start-up and fsync than about the work. */
    private static final long SPEED_SHOWN_FROM = 1 << 20;

    /** How a batch ended: its result and the command's exit status. */
    record Outcome(BatchResult result, int status) {
    }

    private final Mode mode;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final boolean verbose;

    BatchRun(Mode mode, PrintWriter out, PrintWriter err, boolean json, boolean verbose) {
        this.mode = mode;
        this.out = out;
        this.err = err;
        this.json = json;
        this.verbose = verbose;
    }

    /**
     * Runs {@code plan} with {@code job} over what {@code found} found.
     *
     * @param named the paths the user gave: one of them passed over is a failure
     * @param keep  whether the user asked to keep the originals
     */
    Outcome run(FileJob job, Discovery.Found found, Plan plan, List<Path> named, boolean keep) {
        // files passed over inside a folder are counted in the summary; named ones, and anything that
        // failed, are told one by one; with --json standard output is the JSON alone, and failures
        // are still told on standard error
        found.setAside().stream()
                .filter(s -> json ? s.result().status() == FileStatus.FAILED
                        : verbose || s.named() || s.result().status() != FileStatus.SKIPPED)
                .forEach(s -> describe(s.result(), true));
        if (!json) {
            if (found.staleRemoved() > 0) {
                err.println("pigzfx: removed " + found.staleRemoved() + " temporary file"
                        + (found.staleRemoved() == 1 ? "" : "s") + " left by an interrupted run");
            }
        }
        BatchProgress progress = BatchProgress.onTerminal(json);
        boolean listSuccesses = verbose || plan.files() <= LIST_SUCCESSES_UP_TO;
        BatchRunner runner = new BatchRunner(job, new BatchRunner.Listener() {
            @Override
            public void planned(Plan p) {
                progress.planned(p);
            }

            @Override
            public void progress(Path file, long bytesRead, long bytesWritten) {
                progress.progress(file, bytesRead, bytesWritten);
            }

            @Override
            public void finished(FileResult r) {
                progress.finished(r);
                boolean told = json ? r.status() == FileStatus.FAILED || r.status() == FileStatus.CANCELLED
                        : listSuccesses || r.status() != FileStatus.SUCCESS;
                if (told) {
                    synchronized (progress) {
                        progress.clear();
                        describe(r, listSuccesses);
                    }
                }
            }
        });
        BatchResult result = runWithInterruptHandling(runner, plan);
        progress.clear();

        List<FileResult> all = new ArrayList<>();
        found.setAside().forEach(s -> all.add(s.result()));
        all.addAll(result.results());
        List<FileResult> setAside = found.setAside().stream().map(Discovery.SetAside::result).toList();
        if (json) {
            out.println(Reports.json(plan, all));
        } else if (plan.files() > 1 || !found.setAside().isEmpty()) {
            out.println(Reports.summary(mode, result, setAside));
        }
        // a file the user named and did not get is a failure; one found in a folder and passed over is not
        boolean namedSetAside = found.setAside().stream().anyMatch(Discovery.SetAside::named);
        boolean failed = all.stream().anyMatch(r -> r.status() == FileStatus.FAILED
                || r.status() == FileStatus.CANCELLED);
        boolean asAsked = asAsked(result.results(), named, keep);
        return new Outcome(result, failed || namedSetAside || !asAsked ? Cli.FAILED : Cli.OK);
    }

    /**
     * Whether every file ended as asked: none the user named was passed over while the batch ran
     * (its output appeared meanwhile), and no original that was to be removed was kept (it could
     * not be removed, it changed, its owner could not be given to the output).
     */
    private static boolean asAsked(List<FileResult> results, List<Path> paths, boolean keepAsked) {
        Set<Path> named = new HashSet<>();
        paths.forEach(p -> named.add(p.toAbsolutePath().normalize()));
        return results.stream().noneMatch(r -> r.status() == FileStatus.SKIPPED && named.contains(r.source())
                || r.status() == FileStatus.SUCCESS && !keepAsked && r.originalKept());
    }

    /** Runs the batch; Ctrl+C or a kill cancels it and waits for the files in hand to clean up. */
    private static BatchResult runWithInterruptHandling(BatchRunner runner, Plan plan) {
        return withInterruptHandling(runner::cancel, () -> runner.run(plan));
    }

    /**
     * Runs {@code work}; Ctrl+C or a kill runs {@code cancel} and waits (up to
     * {@link #CLEANUP_WAIT_SECONDS}) for the work to clean up before the process exits.
     */
    static <T> T withInterruptHandling(Runnable cancel, java.util.function.Supplier<T> work) {
        CountDownLatch finished = new CountDownLatch(1);
        Thread onInterrupt = new Thread(() -> {
            cancel.run();
            try {
                finished.await(CLEANUP_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "pigzfx-interrupt");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            return work.get();
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException ignored) {
                // already shutting down: the hook is running
            }
        }
    }

    private void describe(FileResult r, boolean listSuccess) {
        String source = Printable.of(r.source().toString());
        switch (r.status()) {
            case SUCCESS -> {
                if (!listSuccess) {
                    if (r.detail().contains(" kept")) {
                        err.println("pigzfx: " + source + ": " + Printable.of(r.detail()));
                        err.flush();
                    }
                    return;
                }
                out.println(success(r));
            }
            case SKIPPED -> err.println("pigzfx: " + source + ": " + Printable.of(r.detail()) + " -- skipped");
            case FAILED, CANCELLED -> err.println("pigzfx: " + source + ": " + Printable.of(r.detail()));
        }
        out.flush();
        err.flush();
    }

    /** One success, in a line: what became what, the sizes, the verified CRC and the speed. */
    private String success(FileResult r) {
        double seconds = r.nanos() / 1e9;
        String speed = r.originalSize() >= SPEED_SHOWN_FROM && seconds > 0
                ? ", " + Sizes.format((long) (r.originalSize() / seconds)) + "/s" : "";
        String detail = r.detail().isEmpty() ? "" : "; " + Printable.of(r.detail());
        String crc = "verified CRC-32 " + HexFormat.of().toHexDigits(r.crc32());
        String from = Printable.of(r.source().getFileName().toString());
        String to = Printable.of(r.output().getFileName().toString());
        return switch (mode) {
            case COMPRESS -> from + " -> " + to + "  " + Sizes.format(r.originalSize()) + " -> "
                    + Sizes.format(r.compressedSize()) + " (" + Sizes.decimals(100 * r.ratio(), 1) + "%), " + crc
                    + speed + detail;
            case DECOMPRESS -> from + " -> " + to + "  " + Sizes.format(r.compressedSize()) + " -> "
                    + Sizes.format(r.originalSize()) + ", " + crc + speed + detail;
            case TEST -> from + ": OK (" + Sizes.format(r.compressedSize()) + " -> " + Sizes.format(r.originalSize())
                    + ", " + Printable.of(r.detail()) + ", CRC-32 " + HexFormat.of().toHexDigits(r.crc32()) + ")";
        };
    }
}

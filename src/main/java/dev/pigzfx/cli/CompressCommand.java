package dev.pigzfx.cli;

import dev.pigzfx.batch.BatchResult;
import dev.pigzfx.batch.BatchRunner;
import dev.pigzfx.batch.CompressOptions;
import dev.pigzfx.batch.Discovery;
import dev.pigzfx.batch.FileCompressor;
import dev.pigzfx.batch.FileResult;
import dev.pigzfx.batch.FileStatus;
import dev.pigzfx.batch.Incompressible;
import dev.pigzfx.batch.Plan;
import dev.pigzfx.batch.Planner;
import dev.pigzfx.batch.Reports;
import dev.pigzfx.batch.Sizes;
import dev.pigzfx.batch.ThroughputModel;
import dev.pigzfx.engine.Cancellation;
import dev.pigzfx.engine.Engines;
import dev.pigzfx.engine.GzipEngine;
import dev.pigzfx.engine.GzipJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

/** {@code pigzfx compress}: files and folders to FILE.gz, tested, then the originals removed unless kept. */
@Command(name = "compress", mixinStandardHelpOptions = true,
        description = {"Compress each FILE, and every file in each FOLDER, to FILE.gz with every core. Each"
                + " FILE.gz is written under a temporary name, synced, tested and only then renamed; the"
                + " original is removed only after that, unless --keep."})
final class CompressCommand implements Callable<Integer> {

    /** How long Ctrl+C waits for the files in hand to clean up before the process exits. */
    private static final long CLEANUP_WAIT_SECONDS = 10;
    /** Above this many files a line per success would flood the terminal; failures are always shown. */
    private static final int LIST_SUCCESSES_UP_TO = 50;
    /** Below this a file's speed says more about start-up and fsync than about compression. */
    private static final long SPEED_SHOWN_FROM = 1 << 20;

    @Option(names = {"-l", "--level"}, paramLabel = "1..9", defaultValue = "6",
            description = "Compression level: 1 fastest, 9 smallest (default: ${DEFAULT-VALUE}).")
    int level;

    @Option(names = {"-p", "--threads"}, paramLabel = "N",
            description = "Threads to use in all (default: all cores, here ${sys:pigzfx.cores}).")
    Integer threads;

    @Option(names = {"-k", "--keep"}, description = "Keep the originals.")
    boolean keep;

    @Option(names = {"-f", "--force"}, description = "Replace existing .gz files.")
    boolean force;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "auto",
            description = "auto, zlib, libdeflate or pigz (the pigz program on the PATH) (default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = {"-b", "--block-size"}, paramLabel = "SIZE", defaultValue = "128K",
            description = "Input bytes per parallel block of the zlib and pigz engines, 32K to 64M"
                    + " (default: ${DEFAULT-VALUE}); libdeflate sizes its own blocks.")
    String blockSize;

    @Option(names = "--strategy", paramLabel = "STRATEGY", defaultValue = "adaptive",
            description = "adaptive (large files one at a time with every thread, small ones many at once)"
                    + " or classic (by the average size) (default: ${DEFAULT-VALUE}).")
    String strategy;

    @Option(names = "--threshold", paramLabel = "SIZE",
            description = "Size above which a file counts as large (default: classic 100MB; adaptive learns it).")
    String threshold;

    @Option(names = "--incompressible", paramLabel = "POLICY", defaultValue = "fast",
            description = "What to do with data that does not shrink (random, JPEG, video, archives):"
                    + " compress, fast (level 1) or skip (default: ${DEFAULT-VALUE}).")
    String incompressible;

    @Option(names = "--dry-run", description = "Print the plan and touch nothing.")
    boolean dryRun;

    @Option(names = {"-v", "--verbose"},
            description = "List every file compressed or skipped, however many.")
    boolean verbose;

    @Option(names = "--json", description = "Print the results (or with --dry-run, the plan) as JSON.")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "FILE|FOLDER")
    List<Path> paths;

    @Spec
    CommandSpec spec;

    static {
        System.setProperty("pigzfx.cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    }

    @Override
    public Integer call() {
        CompressOptions options = options();
        Plan.Strategy chosenStrategy = parse(() -> Plan.Strategy.parse(strategy));
        Incompressible policy = parse(() -> Incompressible.parse(incompressible));
        Long givenThreshold = threshold == null ? null : parse(() -> Sizes.parse(threshold));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // the engine (libdeflate: a native library and its bindings) and the system calls that handle
        // files by descriptor are made ready while the folders are read
        FutureTask<GzipEngine> engineLoad = new FutureTask<>(() -> {
            FileCompressor.prepare();
            return options.engine().create();
        });
        Thread.ofPlatform().name("pigzfx-engine").daemon().start(engineLoad);
        Discovery.Found found = Discovery.discover(paths, force, Cancellation.none());
        GzipEngine gzipEngine;
        try {
            gzipEngine = engineLoad.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException missing) {
                err.println("pigzfx: " + missing.getMessage());
                return Cli.FAILED;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Cli.FAILED;
        }
        Planner planner = new Planner(ThroughputModel.Store.user());
        Plan plan = planner.plan(found.inputs(), chosenStrategy, options, gzipEngine, givenThreshold);
        if (dryRun) {
            out.println(json ? Reports.json(plan) : Reports.describe(plan));
            return Cli.OK;
        }
        if (!json) {
            // files passed over inside a folder (already .gz, links) are counted in the summary; named ones, and
            // anything that failed, are told one by one
            found.setAside().stream()
                    .filter(s -> verbose || s.named() || s.result().status() != FileStatus.SKIPPED)
                    .forEach(s -> describe(s.result(), out, err, true));
            if (found.staleRemoved() > 0) {
                err.println("pigzfx: removed " + found.staleRemoved() + " temporary file"
                        + (found.staleRemoved() == 1 ? "" : "s") + " left by an interrupted run");
            }
        }

        BatchProgress progress = BatchProgress.onTerminal(json);
        boolean listSuccesses = verbose || plan.files() <= LIST_SUCCESSES_UP_TO;
        BatchRunner runner = new BatchRunner(gzipEngine, options, policy, new BatchRunner.Listener() {
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
                if (!json && (listSuccesses || r.status() != FileStatus.SUCCESS)) {
                    synchronized (progress) {
                        progress.clear();
                        describe(r, out, err, listSuccesses);
                    }
                }
            }
        });
        BatchResult result = runWithInterruptHandling(runner, plan);
        progress.clear();
        planner.learn(gzipEngine, options.level(), result);

        List<FileResult> all = new ArrayList<>();
        found.setAside().forEach(s -> all.add(s.result()));
        all.addAll(result.results());
        if (json) {
            out.println(Reports.json(plan, all));
        } else if (plan.files() > 1 || !found.setAside().isEmpty()) {
            out.println(Reports.summary(result, found.setAside().stream().map(Discovery.SetAside::result).toList()));
        }
        // a file the user named and did not get is a failure; one found in a folder and passed over is not
        boolean namedSetAside = found.setAside().stream().anyMatch(Discovery.SetAside::named);
        boolean failed = all.stream().anyMatch(r -> r.status() == FileStatus.FAILED
                || r.status() == FileStatus.CANCELLED);
        return failed || namedSetAside || !asAsked(result.results(), options.keep()) ? Cli.FAILED : Cli.OK;
    }

    /**
     * Whether every file ended as asked: none the user named was passed over while the batch ran
     * (its .gz appeared meanwhile), and no original that was to be removed was kept (it could not
     * be removed, it changed, its owner could not be given to its .gz).
     */
    private boolean asAsked(List<FileResult> results, boolean keepAsked) {
        Set<Path> named = new HashSet<>();
        paths.forEach(p -> named.add(p.toAbsolutePath().normalize()));
        return results.stream().noneMatch(r -> r.status() == FileStatus.SKIPPED && named.contains(r.source())
                || r.status() == FileStatus.SUCCESS && !keepAsked && r.originalKept());
    }

    /** Runs the batch; Ctrl+C or a kill cancels it and waits for the files in hand to clean up. */
    private static BatchResult runWithInterruptHandling(BatchRunner runner, Plan plan) {
        CountDownLatch finished = new CountDownLatch(1);
        Thread onInterrupt = new Thread(() -> {
            runner.cancel();
            try {
                finished.await(CLEANUP_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "pigzfx-interrupt");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        try {
            return runner.run(plan);
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException ignored) {
                // already shutting down: the hook is running
            }
        }
    }

    private CompressOptions options() {
        if (level < 1 || level > 9) {
            throw new ParameterException(spec.commandLine(), "--level must be 1 to 9, not " + level);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        int n = threads == null ? cores : threads;
        if (n < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1, not " + n);
        }
        long block = parse(() -> Sizes.parse(blockSize));
        if (block < GzipJob.MIN_BLOCK_SIZE || block > GzipJob.MAX_BLOCK_SIZE) {
            throw new ParameterException(spec.commandLine(), "--block-size must be 32K to 64M, not " + blockSize);
        }
        Engines chosen = parse(() -> Engines.parse(engine));
        return new CompressOptions(level, n, (int) block, keep, force, chosen);
    }

    /** Parses an option's value, turning a bad one into a usage error (exit status 2). */
    private <T> T parse(java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static void describe(FileResult r, PrintWriter out, PrintWriter err, boolean listSuccess) {
        switch (r.status()) {
            case SUCCESS -> {
                if (!listSuccess) {
                    if (r.detail().contains("original kept")) {
                        err.println("pigzfx: " + r.source() + ": " + r.detail());
                        err.flush();
                    }
                    return;
                }
                double seconds = r.nanos() / 1e9;
                String speed = r.originalSize() >= SPEED_SHOWN_FROM && seconds > 0
                        ? ", " + Sizes.format((long) (r.originalSize() / seconds)) + "/s" : "";
                out.println(r.source().getFileName() + " -> " + r.output().getFileName() + "  "
                        + Sizes.format(r.originalSize()) + " -> " + Sizes.format(r.compressedSize()) + " ("
                        + Sizes.decimals(100 * r.ratio(), 1) + "%), verified CRC-32 "
                        + HexFormat.of().toHexDigits(r.crc32()) + speed
                        + (r.detail().isEmpty() ? "" : "; " + r.detail()));
            }
            case SKIPPED -> err.println("pigzfx: " + r.source() + ": " + r.detail() + " -- skipped");
            case FAILED, CANCELLED -> err.println("pigzfx: " + r.source() + ": " + r.detail());
        }
        out.flush();
        err.flush();
    }
}

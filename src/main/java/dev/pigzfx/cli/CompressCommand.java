package dev.pigzfx.cli;

import dev.pigzfx.batch.ArchiveMaker;
import dev.pigzfx.batch.CompressOptions;
import dev.pigzfx.batch.Discovery;
import dev.pigzfx.batch.FileCompressor;
import dev.pigzfx.batch.FileJob;
import dev.pigzfx.batch.Incompressible;
import dev.pigzfx.batch.Mode;
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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/** {@code pigzfx compress}: files and folders to FILE.gz, tested, then the originals removed unless kept. */
@Command(name = "compress", mixinStandardHelpOptions = true,
        description = {"Compress each FILE, and every file in each FOLDER, to FILE.gz with every core. Each"
                + " FILE.gz is written under a temporary name, synced, tested and only then renamed; the"
                + " original is removed only after that, unless --keep."})
final class CompressCommand implements Callable<Integer> {

    @Option(names = {"-l", "--level"}, paramLabel = "1..9", defaultValue = "6",
            description = "Compression level: 1 fastest, 9 smallest (default: ${DEFAULT-VALUE}).")
    int level;

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

    @Option(names = {"-c", "--stdout"},
            description = "Write the compressed data to standard output, in order, and keep the files;"
                    + " - (or no FILE in gzip's short form) reads standard input.")
    boolean stdout;

    @Option(names = "--dry-run", description = "Print the plan and touch nothing.")
    boolean dryRun;

    @Option(names = {"-a", "--archive"},
            description = "Make one .tar.gz of all the FILEs and FOLDERs instead of a .gz each: named after the"
                    + " only input (NAME.tar.gz beside it) or the inputs' folder, or as -o says. Written in one pass,"
                    + " tested entry by entry, then renamed; the originals are kept unless --remove-files.")
    boolean archive;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.tar.gz", description = "With --archive: the archive to make.")
    Path output;

    @Option(names = "--remove-files",
            description = "With --archive: remove each file archived once the archive is tested, if it is still"
                    + " the file read (and folders left empty).")
    boolean removeFiles;

    @Mixin
    BatchOptions batch;

    @Parameters(arity = "1..*", paramLabel = "FILE|FOLDER")
    List<Path> paths;

    @Spec
    CommandSpec spec;

    private final Pipes pipes;

    CompressCommand(Pipes pipes) {
        this.pipes = pipes;
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
        if (archive && stdout) {
            throw new ParameterException(spec.commandLine(), "--archive writes a file (-o names it), not standard"
                    + " output; for a stream, pipe tar into pigzfx: tar cf - DIR | pigzfx > DIR.tar.gz");
        }
        if (!archive && (output != null || removeFiles)) {
            throw new ParameterException(spec.commandLine(), (output != null ? "-o" : "--remove-files")
                    + " goes with --archive");
        }
        Discovery.Found found = stdout || archive ? null : Discovery.discover(paths, Mode.COMPRESS, force, !dryRun,
                Cancellation.none());
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
        if (stdout) {
            return new ToStdout(pipes, err).compress(paths, gzipEngine, options);
        }
        if (archive) {
            return archive(gzipEngine, options, out, err);
        }
        Planner planner = new Planner(ThroughputModel.Store.user());
        Plan plan = planner.plan(found.inputs(), chosenStrategy, options, gzipEngine, givenThreshold);
        if (dryRun) {
            out.println(batch.json ? Reports.json(plan) : Reports.describe(plan));
            return Cli.OK;
        }
        BatchRun.Outcome outcome = new BatchRun(Mode.COMPRESS, out, err, batch.json, batch.verbose)
                .run(FileJob.compress(gzipEngine, options, policy), found, plan, paths, options.keep());
        planner.learn(gzipEngine, options.level(), outcome.result());
        return outcome.status();
    }

    private int archive(GzipEngine gzipEngine, CompressOptions options, PrintWriter out, PrintWriter err) {
        Path target;
        try {
            target = output != null ? output : ArchiveMaker.defaultTarget(paths);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (dryRun) {
            out.println("would make " + target.toAbsolutePath().normalize() + " of " + paths.size()
                    + (paths.size() == 1 ? " input" : " inputs"));
            return Cli.OK;
        }
        return new ArchiveRun(out, err, batch.json).make(new ArchiveMaker(gzipEngine, options, removeFiles), paths,
                target, options.threads());
    }

    private CompressOptions options() {
        if (level < 1 || level > 9) {
            throw new ParameterException(spec.commandLine(), "--level must be 1 to 9, not " + level);
        }
        int n = batch.threads(spec);
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
}

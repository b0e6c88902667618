package dev.pigzfx.cli;

import dev.pigzfx.batch.CompressOptions;
import dev.pigzfx.batch.FileCompressor;
import dev.pigzfx.batch.FileResult;
import dev.pigzfx.batch.FileStatus;
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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code pigzfx compress}: each FILE to FILE.gz, tested, then the original removed unless kept. */
@Command(name = "compress", mixinStandardHelpOptions = true,
        description = {"Compress each FILE to FILE.gz with every core. Each FILE.gz is written under a temporary"
                + " name, synced, tested and only then renamed; the original is removed only after that,"
                + " unless --keep."})
final class CompressCommand implements Callable<Integer> {

    /** Below this a file's speed says more about start-up and fsync than about compression. */
    private static final long SPEED_SHOWN_FROM = 1 << 20;
    /** How long Ctrl+C waits for the file in hand to clean up before the process exits. */
    private static final long CLEANUP_WAIT_SECONDS = 10;

    @Option(names = {"-l", "--level"}, paramLabel = "1..9", defaultValue = "6",
            description = "Compression level: 1 fastest, 9 smallest (default: ${DEFAULT-VALUE}).")
    int level;

    @Option(names = {"-p", "--threads"}, paramLabel = "N",
            description = "Threads to use (default: all cores, here ${sys:pigzfx.cores}).")
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

    @Option(names = "--json", description = "Print the results as JSON.")
    boolean json;

    @Parameters(arity = "1..*", paramLabel = "FILE")
    List<Path> files;

    @Spec
    CommandSpec spec;

    static {
        System.setProperty("pigzfx.cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    }

    @Override
    public Integer call() {
        CompressOptions options = options();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GzipEngine gzipEngine;
        try {
            gzipEngine = options.engine().create();
        } catch (IOException e) {
            err.println("pigzfx: " + e.getMessage());
            return Cli.FAILED;
        }
        FileCompressor compressor = new FileCompressor(gzipEngine, options);
        Cancellation cancel = new Cancellation();
        CountDownLatch finished = new CountDownLatch(1);
        Thread onInterrupt = new Thread(() -> {
            cancel.cancel();
            try {
                finished.await(CLEANUP_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, "pigzfx-interrupt");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        List<FileResult> results = new ArrayList<>();
        try {
            TerminalProgress progress = TerminalProgress.forStandardError(json);
            for (Path given : files) {
                Path file = given.toAbsolutePath().normalize();
                FileResult r = cancel.isCancelled()
                        ? new FileResult(file, null, FileStatus.CANCELLED, 0, 0, 0, true, "cancelled", 0)
                        : compressor.compress(file, progress.start(file), cancel);
                progress.clear();
                results.add(r);
                if (!json) {
                    describe(r, out, err);
                }
            }
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onInterrupt);
            } catch (IllegalStateException ignored) {
                // already shutting down: the hook is running
            }
        }
        if (json) {
            out.println(Reports.json(results));
        }
        return results.stream().allMatch(r -> r.status() == FileStatus.SUCCESS) ? Cli.OK : Cli.FAILED;
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
        long block;
        try {
            block = Sizes.parse(blockSize);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--block-size: " + e.getMessage());
        }
        if (block < GzipJob.MIN_BLOCK_SIZE || block > GzipJob.MAX_BLOCK_SIZE) {
            throw new ParameterException(spec.commandLine(), "--block-size must be 32K to 64M, not " + blockSize);
        }
        Engines chosen;
        try {
            chosen = Engines.parse(engine);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return new CompressOptions(level, n, (int) block, keep, force, chosen);
    }

    private static void describe(FileResult r, PrintWriter out, PrintWriter err) {
        switch (r.status()) {
            case SUCCESS -> {
                double seconds = r.nanos() / 1e9;
                String speed = r.originalSize() >= SPEED_SHOWN_FROM && seconds > 0
                        ? ", " + Sizes.format((long) (r.originalSize() / seconds)) + "/s" : "";
                out.printf(Locale.ROOT, "%s -> %s  %s -> %s (%.1f%%), verified CRC-32 %08x%s%s%n",
                        r.source().getFileName(), r.output().getFileName(), Sizes.format(r.originalSize()),
                        Sizes.format(r.compressedSize()), 100 * r.ratio(), r.crc32(), speed,
                        r.detail().isEmpty() ? "" : "; " + r.detail());
            }
            case SKIPPED -> err.println("pigzfx: " + r.source() + ": " + r.detail() + " -- skipped");
            case FAILED, CANCELLED -> err.println("pigzfx: " + r.source() + ": " + r.detail());
        }
        out.flush();
        err.flush();
    }
}

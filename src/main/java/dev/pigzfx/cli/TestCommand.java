package dev.pigzfx.cli;

import dev.pigzfx.batch.AdaptiveScheduler;
import dev.pigzfx.batch.Discovery;
import dev.pigzfx.batch.FileJob;
import dev.pigzfx.batch.Mode;
import dev.pigzfx.batch.Plan;
import dev.pigzfx.batch.Printable;
import dev.pigzfx.batch.Sizes;
import dev.pigzfx.engine.Cancellation;
import dev.pigzfx.engine.IntegrityTest;
import dev.pigzfx.engine.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code pigzfx test}: the integrity test of gzip files and folders, like {@code pigz -t}, with the reason on failure. */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Test the integrity of each FILE.gz, and every .gz and .tgz in each FOLDER: every member"
                + " inflated, its CRC-32 and length checked, truncation and trailing garbage rejected (zero bytes"
                + " after the last member are accepted, as gzip accepts them); - tests standard input.")
final class TestCommand implements Callable<Integer> {

    @Mixin
    BatchOptions batch;

    @Parameters(arity = "1..*", paramLabel = "FILE.gz|FOLDER")
    List<Path> paths;

    @Spec
    CommandSpec spec;

    private final Pipes pipes;

    TestCommand(Pipes pipes) {
        this.pipes = pipes;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (paths.equals(List.of(Path.of("-")))) {
            return testStandardInput(out, err);
        }
        int n = batch.threads(spec);
        Discovery.Found found = Discovery.discover(paths, Mode.TEST, false, false, Cancellation.none());
        Plan plan = AdaptiveScheduler.plan(Plan.Strategy.ADAPTIVE, found.inputs(), n,
                AdaptiveScheduler.DEFAULT_THRESHOLD);
        return new BatchRun(Mode.TEST, out, err, batch.json, batch.verbose).run(FileJob.test(), found, plan, paths, true)
                .status();
    }

    private int testStandardInput(PrintWriter out, PrintWriter err) {
        try {
            IntegrityTest.Report r = IntegrityTest.decompress(pipes.in(), Progress.NONE, Cancellation.none(),
                    OutputStream.nullOutputStream());
            out.printf("standard input: OK (%s -> %s, %d member%s, CRC-32 %08x)%n", Sizes.format(r.compressedSize()),
                    Sizes.format(r.uncompressedSize()), r.members(), r.members() == 1 ? "" : "s", r.crc32());
            return Cli.OK;
        } catch (IOException e) {
            err.println("pigzfx: standard input: " + Printable.of(String.valueOf(e.getMessage())));
            return Cli.FAILED;
        }
    }
}

package dev.pigzfx.cli;

import dev.pigzfx.batch.AdaptiveScheduler;
import dev.pigzfx.batch.ArchiveExtractor;
import dev.pigzfx.batch.CompressOptions;
import dev.pigzfx.batch.Discovery;
import dev.pigzfx.batch.FileCompressor;
import dev.pigzfx.batch.FileJob;
import dev.pigzfx.batch.Mode;
import dev.pigzfx.batch.Plan;
import dev.pigzfx.batch.Reports;
import dev.pigzfx.engine.Cancellation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code pigzfx decompress}: FILE.gz back to FILE, written and proven before the .gz is removed. */
@Command(name = "decompress", mixinStandardHelpOptions = true,
        description = {"Decompress each FILE.gz, and every .gz and .tgz in each FOLDER, to FILE (.tgz to .tar)"
                + " with every core. Each FILE is written under a temporary name, read back and checked against"
                + " the CRC-32 and length of every member, synced and only then renamed; the .gz is removed only"
                + " after that, unless --keep. FILE gets the time the .gz stored."})
final class DecompressCommand implements Callable<Integer> {

    @Option(names = {"-k", "--keep"}, description = "Keep the .gz files.")
    boolean keep;

    @Option(names = {"-f", "--force"}, description = "Replace existing files.")
    boolean force;

    @Option(names = {"-N", "--name"},
            description = "Name each file as its .gz header stored it (as gzip -N), unless that name holds a path.")
    boolean name;

    @Option(names = {"-c", "--stdout"},
            description = "Write the data to standard output, in order, and keep the .gz files; - reads standard"
                    + " input.")
    boolean stdout;

    @Option(names = "--dry-run", description = "Print the plan and touch nothing.")
    boolean dryRun;

    @Option(names = {"-x", "--extract"},
            description = "Unpack each .tar.gz or .tgz to a folder: a new one named after it beside it (numbered if"
                    + " the name is taken), or -o DIR. Nothing appears until the whole archive is read and checked;"
                    + " entries that would leave the folder are refused and named. The archive is kept.")
    boolean extract;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "With --extract: the folder to unpack into; an existing one gets the archive's entries"
                    + " beside its own, none replaced.")
    Path output;

    @Option(names = "--setuid", description = "With --extract: restore set-user-ID, set-group-ID and sticky bits.")
    boolean setuid;

    @Mixin
    BatchOptions batch;

    @Parameters(arity = "1..*", paramLabel = "FILE.gz|FOLDER")
    List<Path> paths;

    @Spec
    CommandSpec spec;

    private final Pipes pipes;

    DecompressCommand(Pipes pipes) {
        this.pipes = pipes;
    }

    @Override
    public Integer call() {
        int n = batch.threads(spec);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (extract && stdout) {
            throw new ParameterException(spec.commandLine(), "--extract writes a folder, not standard output;"
                    + " for the tar stream, leave out --extract");
        }
        if (!extract && (output != null || setuid)) {
            throw new ParameterException(spec.commandLine(), (output != null ? "-o" : "--setuid")
                    + " goes with --extract");
        }
        if (stdout) {
            return new ToStdout(pipes, err).decompress(paths, n);
        }
        if (extract) {
            if (dryRun) {
                paths.forEach(p -> out.println("would extract " + p + " to "
                        + (output != null ? output : ArchiveExtractor.defaultFolder(p))));
                return Cli.OK;
            }
            FileCompressor.prepare();
            return new ArchiveRun(out, err, batch.json).extract(new ArchiveExtractor(n, setuid), paths, output, n);
        }
        FileCompressor.prepare();
        CompressOptions options = CompressOptions.defaults().withThreads(n).withKeep(keep).withForce(force);
        Discovery.Found found = Discovery.discover(paths, Mode.DECOMPRESS, force, !dryRun, Cancellation.none());
        Plan plan = AdaptiveScheduler.plan(Plan.Strategy.ADAPTIVE, found.inputs(), n,
                AdaptiveScheduler.DEFAULT_THRESHOLD);
        if (dryRun) {
            out.println(batch.json ? Reports.json(plan) : Reports.describe(plan));
            return Cli.OK;
        }
        return new BatchRun(Mode.DECOMPRESS, out, err, batch.json, batch.verbose)
                .run(FileJob.decompress(options, name), found, plan, paths, keep).status();
    }
}

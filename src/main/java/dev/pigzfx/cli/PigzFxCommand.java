package dev.pigzfx.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code pigzfx}: with a subcommand, the command line; with none, the window (see Main). */
@Command(name = "pigzfx",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Parallel gzip compression and decompression using every core.",
                "Without a command, pigzfx [PATH...] opens the window with PATHs queued.",
                "gzip's short forms work too: pigzfx -dc f.gz, pigzfx -9k f, pigzfx -t f.gz, tar -I pigzfx."},
        subcommands = {CompressCommand.class, DecompressCommand.class, TestCommand.class, ServeCommand.class,
                picocli.CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every file succeeded", "1:one or more files failed or were skipped", "2:bad usage"})
final class PigzFxCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

package dev.pigzfx.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The options every batch command takes (compress, decompress, test), in one place. */
final class BatchOptions {

    @Option(names = {"-p", "--threads"}, paramLabel = "N",
            description = "Threads to use in all (default: all cores, here ${sys:pigzfx.cores}).")
    Integer threads;

    @Option(names = {"-v", "--verbose"}, description = "List every file, however many.")
    boolean verbose;

    @Option(names = "--json", description = "Print the results (with --dry-run, the plan) as JSON.")
    boolean json;

    static {
        System.setProperty("pigzfx.cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    }

    /** The threads asked for, every core when none; a count below 1 is a usage error. */
    int threads(CommandSpec spec) {
        int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (n < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1, not " + n);
        }
        return n;
    }
}

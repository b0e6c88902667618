package dev.pigzfx.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.Set;

/** The command line's entry: parses, runs a subcommand, returns the exit status. */
public final class Cli {

    /** Exit status: every file succeeded. */
    public static final int OK = 0;
    /** Exit status: one or more files failed or were skipped. */
    public static final int FAILED = 1;
    /** Exit status: bad usage. */
    public static final int USAGE = 2;

    private static final Set<String> COMMANDS = Set.of("compress", "test", "help");

    private Cli() {
    }

    /** Whether these arguments ask for the command line rather than the window. */
    public static boolean wants(String[] args) {
        return args.length > 0 && (COMMANDS.contains(args[0]) || args[0].startsWith("-"));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new PigzFxCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("pigzfx: " + e);
            return FAILED;
        });
        int status = cl.execute(args);
        out.flush();
        err.flush();
        return status;
    }
}

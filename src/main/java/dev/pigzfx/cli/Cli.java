package dev.pigzfx.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Set;

/** The command line's entry: parses, runs a subcommand, returns the exit status. */
public final class Cli {

    /** Exit status: every file succeeded. */
    public static final int OK = 0;
    /** Exit status: one or more files failed or were skipped. */
    public static final int FAILED = 1;
    /** Exit status: bad usage. */
    public static final int USAGE = 2;

    private static final Set<String> COMMANDS = Set.of("compress", "decompress", "test", "serve", "help");
    /**
     * The system property that makes a start with no arguments the window even when its input and
     * output are pipes, as when Maven or an IDE starts it.
     */
    public static final String WINDOW = "pigzfx.window";

    private Cli() {
    }

    /**
     * Whether these arguments ask for the command line rather than the window: a command, an
     * option (gzip's short forms among them), a word that is neither a command nor an existing
     * file (a mistyped command, to be told so), or no arguments at all when PigzFX was started as
     * a filter ({@code tar -I pigzfx}). The window opens for existing paths, and for no arguments
     * from a desktop or a terminal.
     */
    public static boolean wants(String[] args) {
        if (args.length == 0) {
            // a launcher that pipes the app's input and output (./mvnw javafx:run, an IDE) says which it means
            return !Boolean.getBoolean(WINDOW) && Pipes.startedAsFilter();
        }
        return COMMANDS.contains(args[0]) || args[0].startsWith("-") || isMistypedCommand(args[0]);
    }

    /**
     * A word that is no command and no file: not an existing path, and nothing that looks like one
     * (a folder separator or a dot, as a file manager's path to a file since moved has), which the
     * window takes and says it cannot find.
     */
    private static boolean isMistypedCommand(String arg) {
        return !exists(arg) && arg.indexOf('/') < 0 && arg.indexOf(java.io.File.separatorChar) < 0
                && arg.indexOf('.') < 0;
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, Pipes.system(), out, err);
    }

    static int run(String[] args, Pipes pipes, PrintWriter out, PrintWriter err) {
        String[] command = args;
        if (args.length == 0) {
            command = new String[] {"compress", "--stdout", "--", "-"};
        } else if (!COMMANDS.contains(args[0]) && !args[0].startsWith("-") && isMistypedCommand(args[0])) {
            err.println("pigzfx: '" + dev.pigzfx.batch.Printable.of(args[0]) + "' is not a command, nor a file or"
                    + " folder that exists");
            err.println("Commands: compress, decompress, test, help. Try 'pigzfx --help' for more.");
            err.flush();
            return USAGE;
        } else if (args[0].startsWith("-")) {
            String[] gzipForm = GzipForms.translate(args);
            if (gzipForm != null) {
                command = gzipForm;
            }
        }
        CommandLine cl = new CommandLine(new PigzFxCommand(), new Factory(pipes));
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("pigzfx: " + e);
            return FAILED;
        });
        cl.setParameterExceptionHandler((e, given) -> {
            // one line and where to look, not the whole help
            CommandLine where = e.getCommandLine();
            String name = where.getCommandSpec().qualifiedName();
            where.getErr().println("pigzfx: " + e.getMessage());
            where.getErr().println("Try '" + name + " --help' for more.");
            return USAGE;
        });
        int status = cl.execute(command);
        out.flush();
        err.flush();
        return status;
    }

    private static boolean exists(String arg) {
        try {
            return Files.exists(Path.of(arg));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** Makes the commands, giving those that read or write data standard input and output. */
    private record Factory(Pipes pipes) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == CompressCommand.class) {
                return type.cast(new CompressCommand(pipes));
            }
            if (type == DecompressCommand.class) {
                return type.cast(new DecompressCommand(pipes));
            }
            if (type == TestCommand.class) {
                return type.cast(new TestCommand(pipes));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }
}

package dev.pigzfx;

import dev.pigzfx.cli.Cli;

import java.io.PrintWriter;

/**
 * The entry point. A subcommand or an option runs the command line, which never touches JavaFX,
 * so it works on machines without a display; anything else opens the window with the arguments
 * queued as paths.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (Cli.wants(args)) {
            PrintWriter out = new PrintWriter(System.out, true);
            PrintWriter err = new PrintWriter(System.err, true);
            System.exit(Cli.run(args, out, err));
        }
        try {
            dev.pigzfx.ui.PigzFxApp.open(args);
        } catch (RuntimeException e) {
            System.err.println("pigzfx: cannot open the window: " + e.getMessage()
                    + System.lineSeparator() + "pigzfx: without a display, use the command line: pigzfx --help");
            System.exit(Cli.FAILED);
        }
    }
}

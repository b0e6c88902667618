package dev.pigzfx;

import dev.pigzfx.cli.Cli;
import dev.pigzfx.platform.Os;

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
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            System.err.println("pigzfx: cannot open the window: " + cause.getMessage());
            if (!headful()) {
                System.err.println("pigzfx: without a display, use the command line: pigzfx --help");
            }
            System.exit(Cli.FAILED);
        }
    }

    /** Whether a display is there to open a window on (always so, as far as we can tell, off Linux). */
    private static boolean headful() {
        return Os.current() != Os.LINUX || System.getenv("DISPLAY") != null || System.getenv("WAYLAND_DISPLAY") != null;
    }
}

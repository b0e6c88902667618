package dev.pigzfx;

import dev.pigzfx.cli.Cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

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
        trainCommandLine();
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

    /**
     * The training run of the installers' start-up cache ({@code packaging/Installer.java}) opens
     * the window, and first runs the command line on a folder of its own, so that the cache holds
     * what a {@code pigzfx} command loads too.
     */
    private static void trainCommandLine() {
        String folder = System.getProperty("pigzfx.training.cli");
        if (folder == null) {
            return;
        }
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        Cli.run(new String[] {"--help"}, sink, sink);
        Cli.run(new String[] {"compress", "--dry-run", folder}, sink, sink);
        Cli.run(new String[] {"compress", "-k", folder}, sink, sink);
        try (Stream<Path> files = Files.walk(Path.of(folder))) {
            Stream<String> gz = files.map(Path::toString).filter(name -> name.endsWith(".gz"));
            Cli.run(Stream.concat(Stream.of("test"), gz).toArray(String[]::new), sink, sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a display is there to open a window on (always so, as far as we can tell, off Linux). */
    private static boolean headful() {
        boolean linux = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux");
        return !linux || System.getenv("DISPLAY") != null || System.getenv("WAYLAND_DISPLAY") != null;
    }
}

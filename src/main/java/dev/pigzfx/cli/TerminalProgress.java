package dev.pigzfx.cli;

import dev.pigzfx.engine.Progress;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A live line on the terminal for the file in hand: percent, bytes and speed, redrawn at most five
 * times a second. Silent when standard error is not a terminal or the output is JSON.
 */
final class TerminalProgress {

    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream terminal;
    private volatile boolean drawn;

    private TerminalProgress(PrintStream terminal) {
        this.terminal = terminal;
    }

    static TerminalProgress forStandardError(boolean quiet) {
        boolean tty = System.console() != null && System.console().isTerminal();
        return new TerminalProgress(tty && !quiet ? System.err : null);
    }

    Progress start(Path file) {
        if (terminal == null) {
            return Progress.NONE;
        }
        long size = file.toFile().length();
        long started = System.nanoTime();
        String name = file.getFileName().toString();
        long[] last = {0};
        return (read, written) -> {
            long now = System.nanoTime();
            if (now - last[0] < REDRAW_NANOS) {
                return;
            }
            last[0] = now;
            double seconds = (now - started) / 1e9;
            terminal.printf(Locale.ROOT, "\r\033[K%s  %3.0f%%  %s  %s/s", name,
                    size > 0 ? 100.0 * read / size : 0.0, Sizes.format(read),
                    Sizes.format((long) (read / Math.max(seconds, 1e-3))));
            drawn = true;
        };
    }

    void clear() {
        if (terminal != null && drawn) {
            terminal.print("\r\033[K");
            terminal.flush();
            drawn = false;
        }
    }
}

package dev.pigzfx.cli;

import dev.pigzfx.batch.BatchRunner;
import dev.pigzfx.batch.FileResult;
import dev.pigzfx.batch.Plan;
import dev.pigzfx.batch.Sizes;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live line on a terminal while a batch runs: files done of all, bytes in, speed and time
 * left, redrawn at most five times a second from whichever worker has news. Silent when standard
 * error is not a terminal.
 */
final class BatchProgress implements BatchRunner.Listener {

    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream terminal;
    private final long started = System.nanoTime();
    private final AtomicLong filesDone = new AtomicLong();
    private final AtomicLong bytesDone = new AtomicLong();
    private final Map<Path, Long> inFlight = new ConcurrentHashMap<>();
    private volatile int files;
    private volatile long totalBytes;
    private long lastDraw;
    private boolean drawn;

    /** Draws on {@code terminal}, or nothing when it is null. */
    BatchProgress(PrintStream terminal) {
        this.terminal = terminal;
    }

    /** A progress line on standard error if it is a terminal, else one that draws nothing. */
    static BatchProgress onTerminal(boolean quiet) {
        boolean tty = System.console() != null && System.console().isTerminal();
        return new BatchProgress(tty && !quiet ? System.err : null);
    }

    @Override
    public void planned(Plan plan) {
        files = plan.files();
        totalBytes = plan.totalBytes();
    }

    @Override
    public void progress(Path file, long bytesRead, long bytesWritten) {
        if (terminal == null) {
            return;
        }
        inFlight.put(file, bytesRead);
        draw(false);
    }

    @Override
    public void finished(FileResult result) {
        if (terminal == null) {
            return;
        }
        inFlight.remove(result.source());
        filesDone.incrementAndGet();
        bytesDone.addAndGet(result.originalSize());
        draw(false);
    }

    /** Removes the line, so that what is printed next starts clean. */
    synchronized void clear() {
        if (terminal != null && drawn) {
            terminal.print("\r\033[K");
            terminal.flush();
            drawn = false;
        }
    }

    private void draw(boolean force) {
        if (terminal == null) {
            return;
        }
        long now = System.nanoTime();
        synchronized (this) {
            if (!force && now - lastDraw < REDRAW_NANOS) {
                return;
            }
            lastDraw = now;
            long bytes = bytesDone.get() + inFlight.values().stream().mapToLong(Long::longValue).sum();
            double seconds = (now - started) / 1e9;
            double speed = bytes / Math.max(seconds, 1e-3);
            long left = speed > 0 ? (long) ((totalBytes - bytes) / speed) : 0;
            // not printf: the first format call in a process sets up locale data, and this one runs on a worker
            terminal.print("\r\033[K" + filesDone.get() + "/" + files + " files  " + Sizes.format(bytes) + " of "
                    + Sizes.format(totalBytes) + "  " + Sizes.format((long) speed) + "/s  " + left / 60 + ":"
                    + (left % 60 < 10 ? "0" : "") + left % 60 + " left");
            terminal.flush();
            drawn = true;
        }
    }
}

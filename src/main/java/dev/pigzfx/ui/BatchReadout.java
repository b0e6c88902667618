package dev.pigzfx.ui;

import dev.pigzfx.batch.Sizes;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * The footer's figures: the overall bar, files and bytes done, the speed and the time. Between
 * batches they say what is queued; while folders are walked the bar spins. Changed on the FX thread.
 */
final class BatchReadout {

    /** Whether the files line says what is queued, rather than how a batch went. */
    private boolean showsQueue;
    private final ReadOnlyDoubleWrapper overallProgress = new ReadOnlyDoubleWrapper(this, "overallProgress");
    private final ReadOnlyStringWrapper filesText = new ReadOnlyStringWrapper(this, "filesText", "");
    private final ReadOnlyStringWrapper bytesText = new ReadOnlyStringWrapper(this, "bytesText", "");
    private final ReadOnlyStringWrapper speedText = new ReadOnlyStringWrapper(this, "speedText", "");
    private final ReadOnlyStringWrapper timeText = new ReadOnlyStringWrapper(this, "timeText", "");
    /** Whether a batch runs, so that a time left means something. */
    private final BooleanSupplier running;
    /** The overall bar's value before a folder walk made it spin. */
    private double progressBeforeScan;
    private long batchBytes;
    private int batchFiles;
    private long batchStarted;
    private long processed;
    /** The batch's time when the figures were last shown. */
    private double seconds;
    /** Whether the batch reads gzip (decompress, test): its bytes go from .gz to data. */
    private boolean gzipIn;

    BatchReadout(BooleanSupplier running) {
        this.running = running;
    }

    /** 0 to 1 of the batch's bytes processed; negative (a spinning bar) while idle and walking folders. */
    ReadOnlyDoubleProperty overallProgressProperty() {
        return overallProgress.getReadOnlyProperty();
    }

    /**
     * "3 of 10 files"; after a cancel "1 of 2,481 done, 2,480 cancelled"; between batches "2 files
     * queued, 1.2 MB".
     */
    ReadOnlyStringProperty filesTextProperty() {
        return filesText.getReadOnlyProperty();
    }

    /** "34.2 MB → 8.1 MB (23.7%)", data to .gz; decompressing, "8.1 MB → 34.2 MB (23.7%)". */
    ReadOnlyStringProperty bytesTextProperty() {
        return bytesText.getReadOnlyProperty();
    }

    ReadOnlyStringProperty speedTextProperty() {
        return speedText.getReadOnlyProperty();
    }

    /** "0:12 elapsed, 0:30 left". */
    ReadOnlyStringProperty timeTextProperty() {
        return timeText.getReadOnlyProperty();
    }

    /** The batch's bytes read so far. */
    long processed() {
        return processed;
    }

    /**
     * A batch of {@code files} files and {@code bytes} bytes starts now.
     *
     * @param readsGzip whether it reads .gz files (decompress, test): the bytes are then said from
     *                  .gz to data
     */
    void begin(int files, long bytes, boolean readsGzip) {
        showsQueue = false;
        gzipIn = readsGzip;
        batchFiles = files;
        batchBytes = bytes;
        batchStarted = System.nanoTime();
        processed = 0;
        show(0, 0, 0, 0, 0);
    }

    /**
     * The batch's totals so far: bytes read, bytes in and out of the files ended, files ended and,
     * of those, cancelled.
     */
    void show(long bytesProcessed, long in, long out, int ended, int cancelled) {
        processed = bytesProcessed;
        int done = ended - cancelled;
        overallProgress.set(batchBytes == 0 ? (batchFiles == 0 ? 1 : (double) done / batchFiles)
                : Math.min(1, (double) bytesProcessed / batchBytes));
        filesText.set(cancelled == 0
                ? String.format(Locale.ROOT, "%,d of %,d file%s", ended, batchFiles, batchFiles == 1 ? "" : "s")
                : String.format(Locale.ROOT, "%,d of %,d done, %,d cancelled", done, batchFiles, cancelled));
        bytesText.set(in == 0 ? "" : String.format(Locale.ROOT, "%s → %s (%.1f%%)", Sizes.format(gzipIn ? out : in),
                Sizes.format(gzipIn ? in : out), 100.0 * out / in));
        showTime();
    }

    /** The speed and the time, as of now. */
    void showTime() {
        seconds = (System.nanoTime() - batchStarted) / 1e9;
        double rate = seconds > 0 ? processed / seconds : 0;
        speedText.set(rate > 0 ? Sizes.format((long) rate) + "/s" : "");
        String left = "";
        if (running.getAsBoolean() && rate > 0 && processed > 0) {
            left = ", " + clock((batchBytes - processed) / rate) + " left";
        }
        timeText.set(clock(seconds) + " elapsed" + left);
    }

    /** The batch's time as the footer last showed it: "0.3 s", "0:19". */
    String elapsed() {
        return clock(seconds);
    }

    /** Between batches: what Compress would take. */
    void queued(int files, long bytes) {
        showsQueue = true;
        filesText.set(String.format(Locale.ROOT, "%d file%s queued, %s", files, files == 1 ? "" : "s",
                Sizes.format(bytes)));
    }

    /** Between batches, nothing left to take: the count of what was queued is no longer true. */
    void nothingQueued() {
        if (showsQueue) {
            filesText.set("");
            showsQueue = false;
        }
    }

    /** Folders are walked (the bar spins), or no longer. */
    void scanning(boolean scanning) {
        if (scanning) {
            progressBeforeScan = overallProgress.get();
            overallProgress.set(-1); // a progress bar spins for a negative value
        } else if (overallProgress.get() < 0) {
            overallProgress.set(progressBeforeScan);
        }
    }

    /** Nothing to show: the table was emptied. */
    void clear() {
        showsQueue = false;
        overallProgress.set(0);
        filesText.set("");
        bytesText.set("");
        speedText.set("");
        timeText.set("");
    }

    /** "0:07", "12:34", "1:02:03"; seconds below 10 with a tenth. */
    static String clock(double seconds) {
        if (seconds < 10) {
            return String.format(Locale.ROOT, "%.1f s", Math.max(0, seconds));
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}

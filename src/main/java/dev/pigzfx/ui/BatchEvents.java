package dev.pigzfx.ui;

import dev.pigzfx.batch.BatchRunner;
import dev.pigzfx.batch.FileResult;
import dev.pigzfx.batch.FileStatus;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Gathers a batch's events from the worker threads and hands them to the FX thread coalesced.
 *
 * <p>A worker only writes the latest figures of its file into that file's {@link Pending} and,
 * the first time the file changes since the last hand-over, queues it; it never posts anything to
 * the FX thread. The FX thread calls {@link #handOver()} from its pulse, a few times a second: each
 * call applies the latest value of every changed file at once, so however many events arrive, the
 * FX thread does one bounded piece of work per hand-over and touches no file more than once in it.
 * The totals for the overall progress are plain counters the hand-over reads.
 */
final class BatchEvents implements BatchRunner.Listener {

    /** The latest news of one file, written by workers, read by the hand-over. */
    private static final class Pending {
        final FileRow row;
        final long size;
        final AtomicBoolean queued = new AtomicBoolean();
        volatile long startedAt;
        volatile long bytesRead;
        volatile long bytesWritten;
        volatile boolean started;
        volatile boolean verifying;
        volatile FileResult result;

        Pending(FileRow row) {
            this.row = row;
            this.size = row.inputSize();
        }
    }

    /** What the FX thread is told after applying the rows: the batch's totals at that moment. */
    interface Totals {
        /**
         * @param bytesProcessed bytes read of the files ended or in hand (of a cancelled file, what it had
         *                       read: the bar stays where it stopped)
         * @param filesCancelled of the files ended, those cancelled
         */
        void update(long bytesProcessed, long bytesIn, long bytesOut, int filesEnded, int filesCancelled);
    }

    private final Map<Path, Pending> pending;
    private final Totals totals;
    private final Consumer<FileRow> startedRow;
    private final ConcurrentLinkedQueue<Pending> changed = new ConcurrentLinkedQueue<>();
    private final AtomicLong readInFlight = new AtomicLong();
    private final AtomicLong endedBytes = new AtomicLong();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private final AtomicLong filesEnded = new AtomicLong();
    private final AtomicLong filesCancelled = new AtomicLong();

    BatchEvents(Iterable<FileRow> rows, Totals totals) {
        this(rows, totals, row -> { });
    }

    /** @param started told, on the FX thread, of the row whose file started last, once a hand-over */
    BatchEvents(Iterable<FileRow> rows, Totals totals, Consumer<FileRow> started) {
        this.pending = new HashMap<>();
        for (FileRow row : rows) {
            pending.put(row.path(), new Pending(row));
        }
        this.totals = totals;
        this.startedRow = started;
    }

    @Override
    public void started(Path file, int threads) {
        Pending p = pending.get(file);
        if (p != null) {
            p.startedAt = System.nanoTime();
            p.started = true;
            changed(p);
        }
    }

    @Override
    public void progress(Path file, long bytesRead, long bytesWritten) {
        Pending p = pending.get(file);
        if (p != null) {
            readInFlight.addAndGet(bytesRead - p.bytesRead);
            p.bytesRead = bytesRead;
            p.bytesWritten = bytesWritten;
            changed(p);
        }
    }

    @Override
    public void verifying(Path file) {
        Pending p = pending.get(file);
        if (p != null) {
            p.verifying = true;
            changed(p);
        }
    }

    @Override
    public void finished(FileResult result) {
        Pending p = pending.get(result.source());
        if (p == null) {
            return;
        }
        readInFlight.addAndGet(-p.bytesRead);
        // a cancelled file counts what it had read, not its size: no work is claimed that was not done
        endedBytes.addAndGet(result.status() == FileStatus.CANCELLED ? p.bytesRead : p.size);
        if (result.status() == FileStatus.CANCELLED) {
            filesCancelled.incrementAndGet();
        }
        if (result.status() == FileStatus.SUCCESS) {
            bytesIn.addAndGet(result.originalSize());
            bytesOut.addAndGet(result.compressedSize());
        }
        filesEnded.incrementAndGet();
        p.result = result;
        changed(p);
    }

    private void changed(Pending p) {
        if (p.queued.compareAndSet(false, true)) {
            changed.add(p);
        }
    }

    /** Whether any file changed since the last hand-over. */
    boolean pending() {
        return !changed.isEmpty();
    }

    /** On the FX thread: every changed row to its latest state, then the totals. */
    void handOver() {
        long now = System.nanoTime();
        FileRow lastStarted = null;
        for (Pending p = changed.poll(); p != null; p = changed.poll()) {
            p.queued.set(false);
            FileRow row = p.row;
            FileResult result = p.result;
            if (result != null) {
                row.finish(result);
                continue;
            }
            if (p.started && row.state() == RowState.QUEUED) {
                row.started();
                lastStarted = row;
            }
            if (p.started) {
                row.progressed(p.bytesRead, p.bytesWritten, now - p.startedAt);
            }
            if (p.verifying && row.isWorking()) {
                row.verifying();
            }
        }
        if (lastStarted != null) {
            startedRow.accept(lastStarted);
        }
        totals.update(endedBytes.get() + Math.max(0, readInFlight.get()), bytesIn.get(), bytesOut.get(),
                (int) filesEnded.get(), (int) filesCancelled.get());
    }
}

package dev.pigzfx.ui;

import dev.pigzfx.batch.FileStatus;
import dev.pigzfx.engine.Cancellation;
import dev.pigzfx.engine.IntegrityTest;
import dev.pigzfx.engine.Progress;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Tests the {@code .gz} files opened in PigzFX (double-clicked, named at the start): they are
 * tested, never compressed. The tests run one after another on a background thread; each file's
 * row follows its test on the FX thread, its progress at most once a per cent.
 */
final class OpenedFileTests {

    private final UiThreads threads;
    /** The test row of a file, or null when it has left the table; asked on the FX thread. */
    private final Function<Path, FileRow> rowOf;
    /** Told on the FX thread when a row's test has ended. */
    private final Runnable ended;

    OpenedFileTests(UiThreads threads, Function<Path, FileRow> rowOf, Runnable ended) {
        this.threads = threads;
        this.rowOf = rowOf;
        this.ended = ended;
    }

    /** Tests {@code files} in turn, as part of the scan {@code cancel} stops; then {@code done} runs on the FX thread. */
    void start(List<Path> files, Cancellation cancel, Runnable done) {
        threads.background(() -> {
            for (Path gz : files) {
                test(gz, cancel);
            }
            threads.fx(done);
        });
    }

    /** Tests one {@code .gz} on the calling (background) thread; its row follows. */
    private void test(Path gz, Cancellation cancel) {
        if (cancel.isCancelled()) {
            onRow(gz, row -> row.testEnded(FileStatus.CANCELLED, "cancelled before it was tested", 0));
            return;
        }
        long start = System.nanoTime();
        try {
            IntegrityTest.Report report = IntegrityTest.test(gz, progress(gz, FileRow.sizeNow(gz, 0)), cancel);
            long nanos = System.nanoTime() - start;
            onRow(gz, row -> row.tested(report, nanos));
        } catch (CancellationException e) {
            onRow(gz, row -> row.testEnded(FileStatus.CANCELLED, "cancelled while it was tested", 0));
        } catch (IOException e) {
            String why = e instanceof NoSuchFileException ? "no such file" : e.getMessage();
            long nanos = System.nanoTime() - start;
            onRow(gz, row -> row.testEnded(FileStatus.FAILED, why, nanos));
        }
    }

    /** How far the test of {@code gz} has read, handed to its row at each whole per cent: at most 100 times. */
    private Progress progress(Path gz, long size) {
        if (size <= 0) {
            return Progress.NONE;
        }
        AtomicInteger shown = new AtomicInteger();
        return (read, written) -> {
            int percent = (int) Math.min(100, read * 100 / size);
            int before = shown.get();
            if (percent > before && shown.compareAndSet(before, percent)) {
                threads.fx(() -> {
                    FileRow row = rowOf.apply(gz);
                    if (row != null) {
                        row.testProgressed(percent / 100.0);
                    }
                });
            }
        };
    }

    /** Ends the test row of {@code gz}, if it is still in the table, on the FX thread. */
    private void onRow(Path gz, Consumer<FileRow> change) {
        threads.fx(() -> {
            FileRow row = rowOf.apply(gz);
            if (row != null) {
                change.accept(row);
                ended.run();
            }
        });
    }
}

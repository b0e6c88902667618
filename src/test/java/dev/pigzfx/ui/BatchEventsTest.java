package dev.pigzfx.ui;

import dev.pigzfx.batch.FileResult;
import dev.pigzfx.batch.FileStatus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** Worker events reach the rows coalesced: nothing posted per event, the latest value winning at each hand-over. */
class BatchEventsTest {

    @BeforeAll
    static void toolkit() throws Exception {
        Fx.start();
    }

    @Test
    void aFloodOfEventsFromManyThreadsIsOneHandOverWithTheLatestValues() throws Exception {
        List<FileRow> rows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            rows.add(new FileRow(Path.of("/data/f" + i), 1_000_000));
        }
        long[] totals = new long[3];
        BatchEvents events = new BatchEvents(rows, (processed, in, out, ended, cancelled) -> {
            totals[0] = processed;
            totals[1] = ended;
            totals[2] = cancelled;
        });

        int threads = 4;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = first; i < rows.size(); i += threads) {
                    Path file = rows.get(i).path();
                    events.started(file, 1);
                    for (long read = 1000; read <= 1_000_000; read += 1000) {
                        events.progress(file, read, read / 4);
                    }
                }
            }));
        }
        go.countDown();
        for (Thread w : workers) {
            w.join();
        }

        // 100,000 progress events, nothing posted to the FX thread: one hand-over applies the latest
        assertThat(events.pending()).isTrue();
        Fx.run(events::handOver);
        assertThat(events.pending()).isFalse();
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.state()).isEqualTo(RowState.COMPRESSING);
            assertThat(r.progressProperty().get()).isEqualTo(1.0);
            assertThat(r.compressedSizeProperty().get()).isEqualTo(250_000);
        });
        assertThat(totals[0]).isEqualTo(100_000_000L);

        events.finished(new FileResult(rows.getFirst().path(), Path.of("/data/f0.gz"), FileStatus.SUCCESS, 1_000_000,
                250_000, 0x1234abcd, false, "", 1_000_000));
        assertThat(events.pending()).isTrue();
        Fx.run(events::handOver);
        assertThat(rows.getFirst().state()).isEqualTo(RowState.DONE);
        assertThat(rows.getFirst().integrityProperty().get()).isEqualTo("verified, CRC-32 1234abcd");

        // a cancelled file counts what it had read, a file cancelled before it started nothing: the bar
        // stays where the work stopped
        events.finished(new FileResult(rows.get(1).path(), null, FileStatus.CANCELLED, 1_000_000, 0, 0, true, "", 0));
        events.finished(new FileResult(rows.get(2).path(), null, FileStatus.CANCELLED, 1_000_000, 0, 0, true, "", 0));
        Fx.run(events::handOver);
        assertThat(totals[1]).isEqualTo(3);
        assertThat(totals[2]).isEqualTo(2);
        assertThat(totals[0]).isEqualTo(100_000_000L);
        FileRow notStarted = new FileRow(Path.of("/data/later"), 5_000_000);
        BatchEvents second = new BatchEvents(List.of(notStarted), (processed, in, out, ended, cancelled) -> {
            totals[0] = processed;
            totals[2] = cancelled;
        });
        second.finished(new FileResult(notStarted.path(), null, FileStatus.CANCELLED, 5_000_000, 0, 0, true, "", 0));
        Fx.run(second::handOver);
        assertThat(totals[0]).isZero();
        assertThat(totals[2]).isEqualTo(1);
    }
}

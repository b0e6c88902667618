package dev.pigzfx.batch;

import dev.pigzfx.engine.Cancellation;
import dev.pigzfx.engine.CompressionResult;
import dev.pigzfx.engine.GzipEngine;
import dev.pigzfx.engine.GzipJob;
import dev.pigzfx.engine.Progress;
import dev.pigzfx.engine.ZlibEngine;
import dev.pigzfx.testing.Samples;
import dev.pigzfx.testing.Threads;
import dev.pigzfx.testing.Tools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A batch run as planned: every file ends somewhere, one failure stops nothing else, and the thread budget holds. */
class BatchRunnerTest {

    @TempDir
    Path dir;

    @AfterEach
    void noThreadLeft() {
        assertThat(Threads.engineThreadsAlive()).isEmpty();
    }

    @Test
    void manySmallFilesEndVerifiedAndInThePlansOrder() throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            files.add(Files.write(dir.resolve("f" + i + ".txt"), Samples.text(1000 + i * 997, i)));
        }
        Plan plan = plan(files, 3);
        List<String> events = Collections.synchronizedList(new ArrayList<>());

        BatchResult result = new BatchRunner(new ZlibEngine(), options(3), Incompressible.FAST, recorder(events))
                .run(plan);

        assertThat(result.results()).extracting(FileResult::source)
                .containsExactlyElementsOf(plan.order().stream().map(Discovery.Input::path).toList());
        assertThat(result.count(FileStatus.SUCCESS)).isEqualTo(60);
        for (int i = 0; i < 60; i++) {
            assertThat(Tools.gunzip(Files.readAllBytes(dir.resolve("f" + i + ".txt.gz"))))
                    .isEqualTo(Samples.text(1000 + i * 997, i));
        }
        assertThat(events).startsWith("planned").endsWith("batch finished");
        assertThat(events.stream().filter(e -> e.startsWith("finished"))).hasSize(60);
        assertThat(result.samples()).hasSize(60);
    }

    @Test
    void theThreadBudgetHoldsAcrossFilesRunningAtOnce() throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            files.add(Files.write(dir.resolve("m" + i), Samples.text(300_000, i)));
        }
        files.add(Files.write(dir.resolve("big"), Samples.text(3_000_000, 99)));
        CountingEngine counting = new CountingEngine();
        Plan plan = AdaptiveScheduler.plan(Plan.Strategy.ADAPTIVE, Discovery.discover(files, false,
                Cancellation.none()).inputs(), 4, 1_000_000);

        BatchResult result = new BatchRunner(counting, options(4), Incompressible.COMPRESS,
                new BatchRunner.Listener() { }).run(plan);

        assertThat(plan.mode()).isEqualTo(Plan.Mode.MIXED);
        assertThat(result.count(FileStatus.SUCCESS)).isEqualTo(13);
        assertThat(counting.peak.get()).as("threads busy at once").isBetween(2, 4);
    }

    @Test
    void oneFilesFailureNeverStopsTheOthers() throws IOException {
        Path ok1 = Files.write(dir.resolve("ok1"), Samples.text(5000, 1));
        Path bad = Files.write(dir.resolve("bad"), Samples.text(5000, 2));
        Path ok2 = Files.write(dir.resolve("ok2"), Samples.text(5000, 3));
        Plan plan = plan(List.of(ok1, bad, ok2), 2);
        Files.delete(bad); // gone between discovery and compression

        BatchResult result = new BatchRunner(new ZlibEngine(), options(2), Incompressible.FAST,
                new BatchRunner.Listener() { }).run(plan);

        Map<String, FileResult> byName = new java.util.HashMap<>();
        result.results().forEach(r -> byName.put(r.source().getFileName().toString(), r));
        assertThat(byName.get("bad").status()).isEqualTo(FileStatus.FAILED);
        assertThat(byName.get("bad").detail()).isEqualTo("no such file or folder");
        assertThat(byName.get("ok1").status()).isEqualTo(FileStatus.SUCCESS);
        assertThat(byName.get("ok2").status()).isEqualTo(FileStatus.SUCCESS);
    }

    @Test
    void aFileTruncatedAfterDiscoveryIsCompressedAsItNowIs() throws IOException {
        Path shrinking = Files.write(dir.resolve("shrinking.log"), Samples.text(200_000, 4));
        Plan plan = plan(List.of(shrinking), 2);
        Files.write(shrinking, Samples.text(1000, 4));

        BatchResult result = new BatchRunner(new ZlibEngine(), options(2), Incompressible.FAST,
                new BatchRunner.Listener() { }).run(plan);

        assertThat(result.results().getFirst().status()).isEqualTo(FileStatus.SUCCESS);
        assertThat(Tools.gunzip(Files.readAllBytes(dir.resolve("shrinking.log.gz"))))
                .isEqualTo(Samples.text(1000, 4));
    }

    @Test
    void cancellingTheBatchStopsTheFilesInHandAndStartsNoMore() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            files.add(Files.write(dir.resolve("c" + i), Samples.text(2_000_000, i)));
        }
        Plan plan = plan(files, 2);
        BatchRunner[] runner = new BatchRunner[1];
        runner[0] = new BatchRunner(new ZlibEngine(), options(2).withBlockSize(GzipJob.MIN_BLOCK_SIZE),
                Incompressible.COMPRESS, new BatchRunner.Listener() {
                    @Override
                    public void progress(Path file, long read, long written) {
                        if (read > 500_000) {
                            runner[0].cancel();
                        }
                    }
                });

        BatchResult result = runner[0].run(plan);

        assertThat(result.count(FileStatus.CANCELLED)).isGreaterThanOrEqualTo(8);
        assertThat(result.count(FileStatus.SUCCESS)).isZero();
        for (int i = 0; i < 10; i++) {
            assertThat(Files.readAllBytes(files.get(i))).isEqualTo(Samples.text(2_000_000, i));
        }
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).allMatch(n -> n.matches("c\\d"));
        }
    }

    @Test
    void oneFileCanBeCancelledWhileTheOthersFinish() throws IOException {
        Path a = Files.write(dir.resolve("a"), Samples.text(100_000, 1));
        Path b = Files.write(dir.resolve("b"), Samples.text(100_000, 2));
        Path c = Files.write(dir.resolve("c"), Samples.text(100_000, 3));
        Plan plan = AdaptiveScheduler.plan(Plan.Strategy.CLASSIC,
                Discovery.discover(List.of(a, b, c), false, Cancellation.none()).inputs(), 1, 1L << 30);
        BatchRunner runner = new BatchRunner(new ZlibEngine(), options(1), Incompressible.FAST,
                new BatchRunner.Listener() { });
        runner.cancel(b.toAbsolutePath());

        BatchResult result = runner.run(plan);

        assertThat(result.results()).extracting(FileResult::status)
                .containsExactly(FileStatus.SUCCESS, FileStatus.CANCELLED, FileStatus.SUCCESS);
        assertThat(result.results().get(1).detail()).isEqualTo("cancelled before it started (original kept)");
        assertThat(b).exists();
    }

    @Test
    void incompressibleDataIsCompressedFastOrSkippedAsThePolicySays() throws IOException {
        Path random = Files.write(dir.resolve("photo.jpg"), Samples.random(3_000_000, 5));
        Path text = Files.write(dir.resolve("notes.txt"), Samples.text(3_000_000, 5));

        BatchResult fast = new BatchRunner(new ZlibEngine(), options(2).withKeep(true), Incompressible.FAST,
                new BatchRunner.Listener() { }).run(plan(List.of(random, text), 2));
        Files.delete(dir.resolve("photo.jpg.gz"));
        BatchResult skip = new BatchRunner(new ZlibEngine(), options(2).withKeep(true).withForce(true),
                Incompressible.SKIP, new BatchRunner.Listener() { }).run(plan(List.of(random), 2));

        FileResult fastRandom = fast.results().stream().filter(r -> r.source().equals(random)).findFirst().orElseThrow();
        FileResult fastText = fast.results().stream().filter(r -> r.source().equals(text)).findFirst().orElseThrow();
        assertThat(fastRandom.status()).isEqualTo(FileStatus.SUCCESS);
        assertThat(fastRandom.detail()).isEqualTo("incompressible data: compressed at level 1");
        assertThat(fastText.detail()).isEmpty();
        assertThat(skip.results().getFirst().status()).isEqualTo(FileStatus.SKIPPED);
        assertThat(skip.results().getFirst().detail()).contains("incompressible");
        assertThat(dir.resolve("photo.jpg.gz")).doesNotExist();
    }

    private Plan plan(List<Path> files, int threads) {
        return AdaptiveScheduler.plan(Plan.Strategy.ADAPTIVE,
                Discovery.discover(files, false, Cancellation.none()).inputs(), threads,
                AdaptiveScheduler.DEFAULT_THRESHOLD);
    }

    private static CompressOptions options(int threads) {
        return CompressOptions.defaults().withThreads(threads);
    }

    private static BatchRunner.Listener recorder(List<String> events) {
        return new BatchRunner.Listener() {
            @Override
            public void planned(Plan plan) {
                events.add("planned");
            }

            @Override
            public void started(Path file, int threads) {
                events.add("started " + file.getFileName());
            }

            @Override
            public void verifying(Path file) {
                events.add("verifying " + file.getFileName());
            }

            @Override
            public void finished(FileResult result) {
                events.add("finished " + result.source().getFileName());
            }

            @Override
            public void batchFinished(BatchResult result) {
                events.add("batch finished");
            }
        };
    }

    /** The zlib engine, counting how many compress threads are busy at once across all files. */
    private static final class CountingEngine implements GzipEngine {
        final AtomicInteger busy = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public CompressionResult compress(InputStream in, OutputStream out, GzipJob job, Progress progress,
                                          Cancellation cancel) throws IOException {
            int now = busy.addAndGet(job.threads());
            peak.accumulateAndGet(now, Math::max);
            try {
                return new ZlibEngine().compress(in, out, job, progress, cancel);
            } finally {
                busy.addAndGet(-job.threads());
            }
        }
    }
}

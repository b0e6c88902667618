package dev.pigzfx.batch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** How the cores are spread: the classic rule exactly as specified, and what the adaptive strategy adds. */
class AdaptiveSchedulerTest {

    private static final long MB = 1024 * 1024;
    private static final long THRESHOLD = 100 * MB;

    /**
     * The classic rule: one file gets every thread; several run one at a time with every thread when
     * their average exceeds the threshold, else min(threads, files) at once with
     * max(1, threads / files at once) threads each.
     */
    @ParameterizedTest(name = "{0} files of {1} MB, {2} threads -> {3}, {4} at once x {5}")
    @CsvSource({
            // files, MB each, threads, mode, at once, threads per file
            "1,    5000, 8,  single,     1, 8",
            "1,       1, 8,  single,     1, 8",
            "1,       1, 1,  single,     1, 1",
            "2,     200, 8,  sequential, 1, 8",
            "10,    101, 4,  sequential, 1, 4",
            "10,    100, 4,  concurrent, 4, 1",
            "10,      1, 2,  concurrent, 2, 1",
            "3,       1, 8,  concurrent, 3, 2",
            "5,       1, 8,  concurrent, 5, 1",
            "2,      50, 8,  concurrent, 2, 4",
            "1000,    1, 8,  concurrent, 8, 1",
            "1000,    1, 1,  concurrent, 1, 1",
            "7,      10, 16, concurrent, 7, 2",
    })
    void classicRule(int files, long mbEach, int threads, String mode, int atOnce, int perFile) {
        Plan plan = AdaptiveScheduler.plan(Plan.Strategy.CLASSIC, inputs(files, mbEach * MB), threads, THRESHOLD);

        assertThat(plan.mode().id()).isEqualTo(mode);
        assertThat(plan.filesAtOnce()).isEqualTo(atOnce);
        assertThat(plan.threadsPerFile()).isEqualTo(perFile);
        assertThat(plan.filesAtOnce() * plan.threadsPerFile()).isLessThanOrEqualTo(threads);
        assertThat(plan.order()).hasSize(files);
    }

    @Test
    void classicReasonSaysWhyInWords() {
        Plan plan = AdaptiveScheduler.plan(Plan.Strategy.CLASSIC, inputs(10, MB), 2, THRESHOLD);

        assertThat(plan.reason()).isEqualTo("average 1.0 MB <= 100 MB threshold: 2 files at a time x 1 thread");
        assertThat(plan.totalBytes()).isEqualTo(10 * MB);
    }

    @Test
    void classicRunsAMixedBatchsBigFileOnOneThread() {
        List<Discovery.Input> batch = mixed();

        Plan plan = AdaptiveScheduler.plan(Plan.Strategy.CLASSIC, batch, 8, THRESHOLD);

        assertThat(plan.mode()).isEqualTo(Plan.Mode.CONCURRENT);
        assertThat(plan.threadsPerFile()).isEqualTo(1);
    }

    @Test
    void adaptiveGivesTheBigFileOfAMixedBatchEveryThreadThenRunsTheSmallOnesAtOnce() {
        Plan plan = AdaptiveScheduler.plan(Plan.Strategy.ADAPTIVE, mixed(), 8, THRESHOLD);

        assertThat(plan.mode()).isEqualTo(Plan.Mode.MIXED);
        Plan.Stage large = plan.stages().get(0);
        Plan.Stage small = plan.stages().get(1);
        assertThat(large.inputs()).extracting(Discovery.Input::size).containsExactly(2048 * MB);
        assertThat(large.filesAtOnce()).isEqualTo(1);
        assertThat(large.threadsPerFile()).isEqualTo(8);
        assertThat(small.inputs()).hasSize(500);
        assertThat(small.filesAtOnce()).isEqualTo(8);
        assertThat(small.threadsPerFile()).isEqualTo(1);
        assertThat(plan.reason()).isEqualTo(
                "1 file > 100 MB threshold one at a time x 8 threads, then 500 files 8 files at a time x 1 thread");
    }

    @Test
    void adaptiveStartsTheLargestSmallFilesFirstSoNoLongFileStartsLast() {
        List<Discovery.Input> batch = List.of(input("a", MB), input("b", 30 * MB), input("c", 5 * MB));

        Plan plan = AdaptiveScheduler.plan(Plan.Strategy.ADAPTIVE, batch, 2, THRESHOLD);

        assertThat(plan.order()).extracting(Discovery.Input::size).containsExactly(30 * MB, 5 * MB, MB);
    }

    @ParameterizedTest(name = "{0} files of {1} MB")
    @CsvSource({"1, 500", "3, 500", "40, 1", "2, 50"})
    void adaptiveAgreesWithClassicOnUniformBatches(int files, long mbEach) {
        List<Discovery.Input> batch = inputs(files, mbEach * MB);

        Plan adaptive = AdaptiveScheduler.plan(Plan.Strategy.ADAPTIVE, batch, 4, THRESHOLD);
        Plan classic = AdaptiveScheduler.plan(Plan.Strategy.CLASSIC, batch, 4, THRESHOLD);

        assertThat(adaptive.mode()).isEqualTo(classic.mode());
        assertThat(adaptive.filesAtOnce()).isEqualTo(classic.filesAtOnce());
        assertThat(adaptive.threadsPerFile()).isEqualTo(classic.threadsPerFile());
    }

    @Test
    void neverMoreThreadsThanTheBudgetWhateverTheBatch() {
        for (int threads = 1; threads <= 17; threads++) {
            for (int files = 0; files <= 40; files += 3) {
                for (Plan.Strategy s : Plan.Strategy.values()) {
                    List<Discovery.Input> batch = new ArrayList<>(inputs(files, MB));
                    batch.add(input("big", 3 * THRESHOLD));
                    Plan plan = AdaptiveScheduler.plan(s, batch, threads, THRESHOLD);
                    for (Plan.Stage stage : plan.stages()) {
                        assertThat(stage.filesAtOnce() * stage.threadsPerFile()).isLessThanOrEqualTo(threads);
                    }
                    assertThat(plan.order()).hasSize(files + 1);
                }
            }
        }
    }

    @Test
    void anEmptyBatchHasNothingToDo() {
        Plan plan = AdaptiveScheduler.plan(Plan.Strategy.ADAPTIVE, List.of(), 4, THRESHOLD);

        assertThat(plan.mode()).isEqualTo(Plan.Mode.NONE);
        assertThat(plan.stages()).isEmpty();
        assertThat(plan.reason()).isEqualTo("nothing to compress");
    }

    private static List<Discovery.Input> mixed() {
        List<Discovery.Input> batch = new ArrayList<>(inputs(500, 64 * 1024));
        batch.add(250, input("video.raw", 2048 * MB));
        return batch;
    }

    static List<Discovery.Input> inputs(int n, long size) {
        return IntStream.range(0, n).mapToObj(i -> input("f" + i, size)).toList();
    }

    private static Discovery.Input input(String name, long size) {
        return new Discovery.Input(Path.of("/data", name), size);
    }
}

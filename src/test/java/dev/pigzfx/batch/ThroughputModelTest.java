package dev.pigzfx.batch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The adaptive threshold follows what this machine was measured to do, and is remembered between runs. */
class ThroughputModelTest {

    @Test
    void aSlowerPerFileOverheadRaisesTheThreshold() {
        ThroughputModel fastDisk = new ThroughputModel(50e6, 0.001, 3);
        ThroughputModel slowDisk = new ThroughputModel(50e6, 0.050, 3);

        assertThat(slowDisk.threshold(4, 1 << 20)).isGreaterThan(fastDisk.threshold(4, 1 << 20));
        assertThat(fastDisk.threshold(4, 1 << 20)).as("never below two blocks per thread").isEqualTo(8L << 20);
        assertThat(slowDisk.threshold(4, 1 << 20)).isEqualTo((long) (19 * 0.050 * 4 * 50e6));
    }

    @Test
    void learnsSpeedFromLargeFilesAndOverheadFromSmallOnes() {
        List<ThroughputModel.Sample> samples = new ArrayList<>();
        samples.add(new ThroughputModel.Sample(100L << 20, 1_000_000_000L, 2));
        for (int i = 0; i < 9; i++) {
            samples.add(new ThroughputModel.Sample(1000, 4_000_000L + i, 1));
        }

        ThroughputModel learned = ThroughputModel.GUESS.learn(samples);

        assertThat(learned.runs()).isEqualTo(1);
        assertThat(learned.bytesPerThreadSecond()).isEqualTo((100 << 20) / 2.0);
        assertThat(learned.overheadSeconds()).isEqualTo(0.004000004);
        ThroughputModel again = learned.learn(samples.subList(0, 1));
        assertThat(again.runs()).isEqualTo(2);
        assertThat(again.overheadSeconds()).as("no small files: overhead unchanged").isEqualTo(0.004000004);
    }

    @Test
    void aBatchThatMeasuredNothingTeachesNothing() {
        ThroughputModel m = new ThroughputModel(1e6, 0.2, 4);

        assertThat(m.learn(List.of(new ThroughputModel.Sample(200_000, 1000, 1)))).isSameAs(m);
    }

    @Test
    void theSettingsFileKeepsAModelPerEngineAndLevel(@TempDir Path dir) {
        ThroughputModel.Store store = ThroughputModel.Store.file(dir.resolve("cfg/throughput.properties"));
        ThroughputModel m = new ThroughputModel(12345.5, 0.25, 7);

        store.save("libdeflate.6", m);

        assertThat(ThroughputModel.Store.file(dir.resolve("cfg/throughput.properties")).load("libdeflate.6"))
                .isEqualTo(m);
        assertThat(store.load("zlib.6")).isEqualTo(ThroughputModel.GUESS);

        ThroughputModel z = new ThroughputModel(9.75e7, 0.0125, 2);
        store.save("zlib.6", z);
        ThroughputModel.Store again = ThroughputModel.Store.file(dir.resolve("cfg/throughput.properties"));
        assertThat(again.load("zlib.6")).isEqualTo(z);
        assertThat(again.load("libdeflate.6")).isEqualTo(m);
    }

    @Test
    void anUnwritableSettingsFolderMeansNoLearningNotAFailure(@TempDir Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("not-a-folder"), "x");
        ThroughputModel.Store store = ThroughputModel.Store.file(dir.resolve("not-a-folder/throughput.properties"));

        store.save("zlib.6", new ThroughputModel(1, 1, 1));

        assertThat(store.load("zlib.6")).isEqualTo(ThroughputModel.GUESS);
    }
}

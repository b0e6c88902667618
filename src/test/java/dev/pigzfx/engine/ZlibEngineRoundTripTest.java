package dev.pigzfx.engine;

import dev.pigzfx.testing.Samples;
import dev.pigzfx.testing.Tools;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every output the zlib engine makes is read back exactly by Java, gzip and pigz. */
class ZlibEngineRoundTripTest {

    private static final int[] LEVELS = {1, 6, 9};
    private static final int[] BLOCK_SIZES = {32 * 1024, 128 * 1024, 1024 * 1024};
    private static final int[] THREADS = {1, 2, 4};

    static Stream<Arguments> boundaryLengths() {
        List<Arguments> cases = new ArrayList<>();
        for (int level : LEVELS) {
            for (int block : BLOCK_SIZES) {
                for (int threads : THREADS) {
                    int[] lengths = {0, 1, 32 * 1024 - 1, 32 * 1024, 32 * 1024 + 1, block - 1, block, block + 1,
                            3 * block + 17};
                    for (int length : lengths) {
                        cases.add(Arguments.of(level, block, threads, length));
                    }
                }
            }
        }
        return cases.stream().distinct();
    }

    @ParameterizedTest(name = "level {0}, block {1}, {2} threads, {3} bytes")
    @MethodSource("boundaryLengths")
    void boundaryLengthsDecompressToTheInputEverywhere(int level, int block, int threads, int length)
            throws IOException {
        byte[] input = Samples.text(length, length + level);
        byte[] gz = compress(input, new GzipJob(level, threads, block, new GzipHeader("data.txt", 1_700_000_000L)));

        assertThat(javaGunzip(gz)).isEqualTo(input);
        assertThat(Tools.gunzip(gz)).isEqualTo(input);
        assertThat(Tools.test("gzip", gz).status()).as("gzip -t").isZero();
        Tools.assertPigzAccepts(gz);
    }

    static Stream<Arguments> severalMegabytes() {
        List<Arguments> cases = new ArrayList<>();
        for (int level : LEVELS) {
            cases.add(Arguments.of("text", level));
            cases.add(Arguments.of("random", level));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} at level {1}")
    @MethodSource("severalMegabytes")
    void severalMegabytesOfTextAndRandomRoundTrip(String kind, int level) throws IOException {
        int length = 5 * 1024 * 1024 + 12_345;
        byte[] input = kind.equals("text") ? Samples.text(length, level) : Samples.random(length, level);
        byte[] gz = compress(input, new GzipJob(level, 3, GzipJob.DEFAULT_BLOCK_SIZE, GzipHeader.NONE));

        assertThat(javaGunzip(gz)).isEqualTo(input);
        assertThat(Tools.gunzip(gz)).isEqualTo(input);
        assertThat(Tools.test("gzip", gz).status()).isZero();
        Tools.assertPigzAccepts(gz);
        if (kind.equals("text")) {
            assertThat(gz.length).as("text shrinks").isLessThan(length / 3);
        } else {
            assertThat(gz.length).as("random data grows by little").isLessThan(length + length / 100);
        }
    }

    static byte[] compress(byte[] input, GzipJob job) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompressionResult r = new ZlibEngine().compress(new ByteArrayInputStream(input), out, job, Progress.NONE,
                Cancellation.none());
        assertThat(r.bytesRead()).isEqualTo(input.length);
        assertThat(r.bytesWritten()).isEqualTo(out.size());
        return out.toByteArray();
    }

    static byte[] javaGunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }
}

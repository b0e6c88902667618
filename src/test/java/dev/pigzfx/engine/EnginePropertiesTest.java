package dev.pigzfx.engine;

import dev.pigzfx.testing.Samples;
import dev.pigzfx.testing.Tools;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For any engine, data, level, thread count and block size, the output is gzip that holds exactly
 * the input. The cases are drawn at random from a fixed seed, so a failure names a case that can be run
 * again as it is.
 */
class EnginePropertiesTest {

    private static final long SEED = 0x9A7F_2025L;

    /** A random case: the kind of data, its length and seed, and how to compress it. */
    record Case(String engine, String kind, int length, long seed, int level, int threads, int blockSize) {
        byte[] input() {
            return switch (kind) {
                case "text" -> Samples.text(length, seed);
                case "random" -> Samples.random(length, seed);
                default -> new byte[length];
            };
        }
    }

    static Stream<Arguments> cases() {
        Random r = new Random(SEED);
        String[] kinds = {"text", "random", "zeros"};
        return IntStream.range(0, 60).mapToObj(i -> {
            int length = switch (i % 6) {
                case 0 -> r.nextInt(2);
                case 1 -> r.nextInt(70_000);
                default -> r.nextInt(700_000);
            };
            String engine = r.nextBoolean() ? "zlib" : "libdeflate";
            if (engine.equals("libdeflate") && r.nextBoolean()) {
                length = length * 6;
            }
            return Arguments.of(new Case(engine, kinds[r.nextInt(kinds.length)], length, r.nextLong(), 1 + r.nextInt(9),
                    1 + r.nextInt(4), 32 * 1024 + r.nextInt(170 * 1024)));
        });
    }

    @ParameterizedTest
    @MethodSource("cases")
    void anyInputRoundTripsAndPassesTheIntegrityTest(Case c) throws IOException {
        if (c.engine().equals("libdeflate")) {
            Tools.needLibdeflate();
        }
        byte[] input = c.input();
        GzipJob job = new GzipJob(c.level(), c.threads(), c.blockSize(), GzipHeader.NONE);
        byte[] gz = c.engine().equals("zlib") ? ZlibEngineRoundTripTest.compress(input, job)
                : LibdeflateEngineTest.compress(input, job);

        assertThat(ZlibEngineRoundTripTest.javaGunzip(gz)).isEqualTo(input);
        IntegrityTest.Report report = IntegrityTest.test(new ByteArrayInputStream(gz), Progress.NONE,
                Cancellation.none());
        CRC32 crc = new CRC32();
        crc.update(input);
        assertThat(report.uncompressedSize()).isEqualTo(input.length);
        assertThat(report.crc32()).isEqualTo((int) crc.getValue());
        assertThat(report.compressedSize()).isEqualTo(gz.length);
    }
}

package dev.pigzfx.engine;

import dev.pigzfx.testing.Samples;
import dev.pigzfx.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

/** The libdeflate engine's multi-member gzip is read exactly by Java, gzip and pigz, and indexes itself. */
class LibdeflateEngineTest {

    private static final int MIB = 1024 * 1024;

    @BeforeAll
    static void libdeflateIsInstalled() {
        Tools.needLibdeflate();
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (int level : new int[] {1, 6, 9}) {
            for (int threads : new int[] {1, 2, 4}) {
                for (int length : new int[] {0, 1, MIB - 1, MIB, MIB + 1, 3 * MIB + 17}) {
                    cases.add(Arguments.of(level, threads, length));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "level {0}, {1} threads, {2} bytes")
    @MethodSource("cases")
    void outputDecompressesToTheInputEverywhere(int level, int threads, int length) throws IOException {
        byte[] input = length > 2 * MIB ? Samples.random(length, level) : Samples.text(length, level);
        byte[] gz = compress(input, new GzipJob(level, threads, GzipJob.DEFAULT_BLOCK_SIZE,
                new GzipHeader("data.bin", 1_700_000_000L)));

        assertThat(ZlibEngineRoundTripTest.javaGunzip(gz)).isEqualTo(input);
        assertThat(Tools.gunzip(gz)).isEqualTo(input);
        assertThat(Tools.test("gzip", gz).status()).as("gzip -t").isZero();
        Tools.assertPigzAccepts(gz);
        IntegrityTest.Report r = IntegrityTest.test(new ByteArrayInputStream(gz), Progress.NONE, Cancellation.none());
        CRC32 crc = new CRC32();
        crc.update(input);
        assertThat(r.crc32()).isEqualTo((int) crc.getValue());
        int block = LibdeflateEngine.blockSize(level);
        assertThat(r.members()).isEqualTo(Math.max(1, (length + block - 1) / block));
    }

    @Test
    void everyMemberRecordsItsSizeSoTheMembersCanBeFoundWithoutInflating() throws IOException {
        byte[] input = Samples.text(5 * MIB + 1000, 3);
        byte[] gz = compress(input, new GzipJob(6, 2, GzipJob.DEFAULT_BLOCK_SIZE,
                new GzipHeader("app.log", 1_650_000_000L)));
        ByteBuffer b = ByteBuffer.wrap(gz).order(ByteOrder.LITTLE_ENDIAN);

        int members = 0;
        long inflated = 0;
        for (int at = 0; at < gz.length; members++) {
            assertThat(b.get(at) & 0xff).isEqualTo(0x1f);
            assertThat(b.get(at + 1) & 0xff).isEqualTo(0x8b);
            assertThat(b.get(at + 3) & GzipHeader.FEXTRA).as("extra field present").isNotZero();
            assertThat(b.getInt(at + 4)).as("mtime").isEqualTo(1_650_000_000);
            assertThat(b.getShort(at + 10)).as("XLEN").isEqualTo((short) 8);
            assertThat(new String(gz, at + 12, 2, StandardCharsets.US_ASCII)).isEqualTo("PF");
            int size = b.getInt(at + 16);
            inflated += Integer.toUnsignedLong(b.getInt(at + size - 4));
            at += size;
            assertThat(at).isLessThanOrEqualTo(gz.length);
        }
        assertThat(members).isEqualTo(6);
        assertThat(inflated).isEqualTo(input.length);
        assertThat(new String(gz, 20, "app.log".length(), StandardCharsets.UTF_8)).isEqualTo("app.log");
    }

    @Test
    void independentBlocksCostLessThanOnePercentAgainstZlibAtTheSameLevel() throws IOException {
        byte[] input = Samples.text(4 * MIB, 4);
        GzipJob job = GzipJob.of(6, 2);

        byte[] libdeflate = compress(input, job);
        byte[] zlib = ZlibEngineRoundTripTest.compress(input, job);

        assertThat((double) libdeflate.length).isLessThan(zlib.length * 1.01);
    }

    @Test
    void theAutomaticChoiceIsLibdeflateWhereItIsInstalled() throws IOException {
        assertThat(Engines.AUTO.create().name()).isEqualTo("libdeflate");
        assertThat(Engines.LIBDEFLATE.available()).isTrue();
        assertThat(Engines.LIBDEFLATE.unavailableReason()).isEmpty();
    }

    static byte[] compress(byte[] input, GzipJob job) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompressionResult r = LibdeflateEngine.find().orElseThrow().compress(new ByteArrayInputStream(input), out,
                job, Progress.NONE, Cancellation.none());
        assertThat(r.bytesRead()).isEqualTo(input.length);
        assertThat(r.bytesWritten()).isEqualTo(out.size());
        return out.toByteArray();
    }
}

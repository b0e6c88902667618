package dev.pigzfx.engine;

import dev.pigzfx.testing.Samples;
import dev.pigzfx.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

/** The header and trailer fields a user sees through {@code gzip -lvN} and a restore with {@code gzip -dN}. */
class GzipFormatTest {

    @ParameterizedTest(name = "level {0} -> XFL {1}")
    @CsvSource({"1, 4", "2, 0", "6, 0", "8, 0", "9, 2"})
    void headerCarriesMagicMethodNameTimeAndExtraFlags(int level, int xfl) throws IOException {
        byte[] gz = ZlibEngineRoundTripTest.compress(Samples.text(1000, 1),
                new GzipJob(level, 2, GzipJob.DEFAULT_BLOCK_SIZE, new GzipHeader("report.csv", 1_600_000_123L)));
        ByteBuffer b = ByteBuffer.wrap(gz).order(ByteOrder.LITTLE_ENDIAN);

        assertThat(b.get(0) & 0xff).isEqualTo(0x1f);
        assertThat(b.get(1) & 0xff).isEqualTo(0x8b);
        assertThat(b.get(2)).as("method deflate").isEqualTo((byte) 8);
        assertThat(b.get(3)).as("flags: FNAME only").isEqualTo((byte) 0x08);
        assertThat(b.getInt(4)).as("mtime").isEqualTo(1_600_000_123);
        assertThat(b.get(8) & 0xff).as("XFL").isEqualTo(xfl);
        assertThat(b.get(9)).as("OS: Unix").isEqualTo((byte) 3);
        assertThat(new String(gz, 10, "report.csv".length(), StandardCharsets.UTF_8)).isEqualTo("report.csv");
        assertThat(b.get(10 + "report.csv".length())).isZero();
    }

    @Test
    void trailerHoldsTheCrcAndLengthOfTheInput() throws IOException {
        byte[] input = Samples.text(400_000, 7);
        byte[] gz = ZlibEngineRoundTripTest.compress(input, new GzipJob(6, 2, 64 * 1024, GzipHeader.NONE));
        ByteBuffer b = ByteBuffer.wrap(gz).order(ByteOrder.LITTLE_ENDIAN);
        CRC32 crc = new CRC32();
        crc.update(input);

        assertThat(b.getInt(gz.length - 8)).isEqualTo((int) crc.getValue());
        assertThat(b.getInt(gz.length - 4)).isEqualTo(input.length);
        assertThat(b.get(3)).as("no name, no flags").isZero();
        assertThat(b.getInt(4)).as("no time").isZero();
    }

    @Test
    void gzipListsTheStoredNameAndTime() throws IOException {
        byte[] gz = ZlibEngineRoundTripTest.compress(Samples.text(5000, 3),
                new GzipJob(6, 1, GzipJob.DEFAULT_BLOCK_SIZE, new GzipHeader("résumé notes.txt", 1_500_000_000L)));
        Tools.Run listing = Tools.run(List.of("gzip", "-lvN"), gz);

        String text = new String(listing.stdout(), StandardCharsets.UTF_8);
        assertThat(text).contains("résumé notes.txt");
    }

    @Test
    void timesOutsideThirtyTwoBitsAreStoredAsNoTime() throws IOException {
        byte[] before = ZlibEngineRoundTripTest.compress(new byte[10], new GzipJob(6, 1, GzipJob.DEFAULT_BLOCK_SIZE,
                new GzipHeader(null, -5)));
        byte[] after = ZlibEngineRoundTripTest.compress(new byte[10], new GzipJob(6, 1, GzipJob.DEFAULT_BLOCK_SIZE,
                new GzipHeader(null, 1L << 33)));

        assertThat(ByteBuffer.wrap(before).order(ByteOrder.LITTLE_ENDIAN).getInt(4)).isZero();
        assertThat(ByteBuffer.wrap(after).order(ByteOrder.LITTLE_ENDIAN).getInt(4)).isZero();
    }
}

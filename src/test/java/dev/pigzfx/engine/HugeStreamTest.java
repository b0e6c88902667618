package dev.pigzfx.engine;

import dev.pigzfx.testing.Samples;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stream longer than 4 GiB: the trailer's length wraps modulo 2^32, the CRC still covers every
 * byte, and the engine gets through it in the test JVM's fixed heap (-Xmx512m, set in the pom). Tagged {@code large} so that a
 * quick local run ({@code ./mvnw verify -Pquick}) can leave it out; the full run includes it.
 */
@Tag("large")
class HugeStreamTest {

    private static final long LENGTH = 4L * 1024 * 1024 * 1024 + 512L * 1024 * 1024 + 12_345;

    @Test
    void lengthWrapsPastFourGibibytesAndTheFileStillTestsGood(@TempDir Path dir) throws Exception {
        GeneratedText input = new GeneratedText(LENGTH);
        Path gz = dir.resolve("huge.gz");
        CompressionResult result;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(gz), 1 << 20)) {
            result = new ZlibEngine().compress(input, out, new GzipJob(1, 2, GzipJob.DEFAULT_BLOCK_SIZE,
                    new GzipHeader("huge.log", 0)), Progress.NONE, Cancellation.none());
        }

        assertThat(result.bytesRead()).isEqualTo(LENGTH);
        assertThat(result.crc32()).isEqualTo(input.crc());
        ByteBuffer trailer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(gz)) {
            ch.read(trailer, ch.size() - 8);
        }
        assertThat(trailer.getInt(0)).isEqualTo(input.crc());
        assertThat(Integer.toUnsignedLong(trailer.getInt(4))).isEqualTo(LENGTH % (1L << 32));

        IntegrityTest.Report report = IntegrityTest.test(gz, Progress.NONE, Cancellation.none());
        assertThat(report.uncompressedSize()).isEqualTo(LENGTH);
        assertThat(report.crc32()).isEqualTo(input.crc());
        Process gzipTest = new ProcessBuilder(List.of("gzip", "-t", gz.toString())).inheritIO().start();
        assertThat(gzipTest.waitFor()).as("gzip -t").isZero();
    }

    /** Log-like text repeated with a short period, cheap to make and to compress, with its CRC-32. */
    private static final class GeneratedText extends InputStream {
        private final byte[] pattern = Samples.text(24 * 1024, 11);
        private final long length;
        private final CRC32 crc = new CRC32();
        private long position;

        GeneratedText(long length) {
            this.length = length;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= length) {
                return -1;
            }
            int n = (int) Math.min(len, length - position);
            for (int done = 0; done < n; ) {
                int at = (int) ((position + done) % pattern.length);
                int take = Math.min(n - done, pattern.length - at);
                System.arraycopy(pattern, at, b, off + done, take);
                done += take;
            }
            crc.update(b, off, n);
            position += n;
            return n;
        }

        int crc() {
            return (int) crc.getValue();
        }
    }
}

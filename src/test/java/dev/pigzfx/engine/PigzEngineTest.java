package dev.pigzfx.engine;

import dev.pigzfx.testing.Samples;
import dev.pigzfx.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The engine over the system's pigz: same contract as the zlib engine, with pigz's own errors passed on. */
class PigzEngineTest {

    @Test
    void compressesThroughPigzWithExactCountsAndCrc() throws IOException {
        Tools.needPigz();
        byte[] input = Samples.text(3_000_000, 8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long[] lastProgress = new long[2];

        CompressionResult r = PigzEngine.find().orElseThrow().compress(new ByteArrayInputStream(input), out,
                GzipJob.of(9, 2), (read, written) -> {
                    lastProgress[0] = read;
                    lastProgress[1] = written;
                }, Cancellation.none());

        CRC32 crc = new CRC32();
        crc.update(input);
        assertThat(r.bytesRead()).isEqualTo(input.length);
        assertThat(r.bytesWritten()).isEqualTo(out.size());
        assertThat(r.crc32()).isEqualTo((int) crc.getValue());
        assertThat(lastProgress).containsExactly(input.length, out.size());
        assertThat(Tools.gunzip(out.toByteArray())).isEqualTo(input);
    }

    @Test
    void theGzStoresTheOriginalsNameAndTimeAsTheOtherEnginesDo() throws IOException {
        Tools.needPigz();
        byte[] input = Samples.text(500_000, 9);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GzipHeader header = new GzipHeader("report.csv", 1_700_000_000L);

        CompressionResult r = PigzEngine.find().orElseThrow().compress(new ByteArrayInputStream(input), out,
                GzipJob.of(6, 2).withHeader(header), Progress.NONE, Cancellation.none());
        IntegrityTest.Report read = IntegrityTest.decompress(new ByteArrayInputStream(out.toByteArray()),
                Progress.NONE, Cancellation.none(), OutputStream.nullOutputStream());

        assertThat(read.header()).isEqualTo(header);
        assertThat(r.bytesWritten()).isEqualTo(out.size());
        assertThat(Tools.gunzip(out.toByteArray())).isEqualTo(input);
        assertThat(new String(Tools.run(java.util.List.of("gzip", "-lN"), out.toByteArray()).stdout(),
                java.nio.charset.StandardCharsets.UTF_8)).contains("report.csv");
    }

    @Test
    void withoutPigzOnThePathTheMessageSaysWhatToInstall(@TempDir Path emptyBin) {
        assertThat(PigzEngine.locate(emptyBin.toString())).isEmpty();
        assertThat(PigzEngine.locate("")).isEmpty();
        assertThat(PigzEngine.missingMessage()).contains("install").contains("pigz").contains("zlib");
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "a shell script stands in for pigz")
    void findsAnExecutablePigzInAPathList(@TempDir Path dir) throws IOException {
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path fake = Files.writeString(bin.resolve("pigz"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(PigzEngine.locate(dir + java.io.File.pathSeparator + bin)).contains(fake);
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "a shell script stands in for pigz")
    void pigzFailingIsReportedWithWhatItSaid(@TempDir Path dir) throws IOException {
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path broken = Files.writeString(bin.resolve("pigz"), "#!/bin/sh\necho 'pigz: abort: out of memory' >&2\n"
                + "exit 1\n");
        Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rwxr-xr-x"));
        GzipEngine engine = PigzEngine.locate(bin.toString()).map(PigzEngine::at).orElseThrow();

        assertThatThrownBy(() -> engine.compress(new ByteArrayInputStream(Samples.text(1_000_000, 1)),
                new ByteArrayOutputStream(), GzipJob.of(6, 2), Progress.NONE, Cancellation.none()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("pigz failed")
                .hasMessageContaining("out of memory");
    }
}

package dev.pigzfx.batch;

import dev.pigzfx.engine.Cancellation;
import dev.pigzfx.engine.ZlibEngine;
import dev.pigzfx.testing.Samples;
import dev.pigzfx.testing.Tools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real full disk: a 4 MiB tmpfs that {@code .ci/run} mounts when it runs as root and names in
 * {@code PIGZFX_SMALL_FS}. (FileCompressorTest injects the same failure at a chosen byte anywhere.)
 */
@EnabledIfEnvironmentVariable(named = "PIGZFX_SMALL_FS", matches = ".+")
class FullDiskTest {

    private final Path fs = Path.of(System.getenv().getOrDefault("PIGZFX_SMALL_FS", "/nonexistent"));

    @AfterEach
    void emptyTheFilesystem() throws IOException {
        try (Stream<Path> all = Files.walk(fs)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(fs)).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void filesThatDoNotFitFailWithNoSpaceLeftKeepTheirOriginalsAndLeaveNoTemporaryFile() throws IOException {
        byte[] big = Samples.random(2 * 1024 * 1024, 1);
        byte[] other = Samples.random(1536 * 1024, 2);
        byte[] note = Samples.text(20_000, 3);
        Files.write(fs.resolve("big.bin"), big);
        Files.write(fs.resolve("other.bin"), other);
        Files.write(fs.resolve("note.txt"), note);
        Plan plan = AdaptiveScheduler.plan(Plan.Strategy.ADAPTIVE,
                Discovery.discover(List.of(fs), false, Cancellation.none()).inputs(), 2,
                AdaptiveScheduler.DEFAULT_THRESHOLD);

        BatchResult result = new BatchRunner(new ZlibEngine(), CompressOptions.defaults().withThreads(2),
                Incompressible.COMPRESS, new BatchRunner.Listener() { }).run(plan);

        // which small files still fit depends on what else is in flight; each one either made it whole or
        // failed for the full disk with its original kept, and the big ones cannot fit at all
        Map<String, byte[]> originals = Map.of("big.bin", big, "other.bin", other, "note.txt", note);
        List<String> left = new ArrayList<>();
        for (FileResult r : result.results()) {
            String name = r.source().getFileName().toString();
            if (r.status() == FileStatus.SUCCESS) {
                assertThat(Tools.gunzip(Files.readAllBytes(fs.resolve(name + ".gz")))).isEqualTo(originals.get(name));
                left.add(name + ".gz");
            } else {
                assertThat(r.status()).as(name).isEqualTo(FileStatus.FAILED);
                assertThat(r.detail()).as(name).isEqualTo("cannot write " + r.source() + ".gz: no space left on device"
                        + " (original kept)");
                assertThat(Files.readAllBytes(r.source())).isEqualTo(originals.get(name));
                left.add(name);
            }
        }
        assertThat(left).contains("big.bin", "other.bin");
        try (Stream<Path> s = Files.list(fs)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrderElementsOf(left);
        }
    }

    @Test
    void aGzWhoseDataDoesNotFitFailsWithNoSpaceLeftAndIsKeptWithNothingHalfWritten() throws IOException {
        // 3.5 MiB of text is a small .gz, and more than the 4 MiB disk holds beside it
        byte[] data = Samples.text(3584 * 1024, 4);
        Path gz = Files.write(fs.resolve("notes.txt.gz"), Tools.run(List.of("gzip", "-c"), data).stdout());
        byte[] before = Files.readAllBytes(gz);

        FileResult r = new FileDecompressor(CompressOptions.defaults().withThreads(2), false, null)
                .decompress(new Discovery.Input(gz, before.length), FileWatcher.NONE, Cancellation.none());

        assertThat(r.status()).isEqualTo(FileStatus.FAILED);
        assertThat(r.detail()).isEqualTo("cannot write " + fs.resolve("notes.txt") + ": no space left on device"
                + " (.gz kept)");
        assertThat(Files.readAllBytes(gz)).isEqualTo(before);
        try (Stream<Path> s = Files.list(fs)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("notes.txt.gz");
        }
    }
}

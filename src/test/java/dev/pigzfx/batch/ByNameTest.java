package dev.pigzfx.batch;

import dev.pigzfx.engine.Cancellation;
import dev.pigzfx.engine.GzipEngine;
import dev.pigzfx.engine.Progress;
import dev.pigzfx.engine.ZlibEngine;
import dev.pigzfx.testing.Samples;
import dev.pigzfx.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The by-name path that systems other than Linux take (macOS, Windows), run here on Linux: the same
 * promises as far as Java's file API can keep them, so that a change to it is tested wherever CI runs.
 */
@ExtendWith(ByName.class)
class ByNameTest {

    @TempDir
    Path dir;

    private final CompressOptions options = CompressOptions.defaults().withThreads(2);

    @Test
    void theGzKeepsTimesPermissionsAndExtendedAttributesAndTheOriginalGoes() throws IOException {
        byte[] data = Samples.text(300_000, 1);
        Path file = Files.write(dir.resolve("notes.txt"), data);
        if (Tools.POSIX) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        }
        Files.getFileAttributeView(file, UserDefinedFileAttributeView.class)
                .write("origin", StandardCharsets.UTF_8.encode("camera 2"));
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2020-02-02T02:02:02Z")));

        FileResult r = compress(new ZlibEngine(), file);

        Path gz = dir.resolve("notes.txt.gz");
        assertThat(r.status()).as(r.detail()).isEqualTo(FileStatus.SUCCESS);
        assertThat(file).doesNotExist();
        assertThat(Tools.gunzip(Files.readAllBytes(gz))).isEqualTo(data);
        if (Tools.POSIX) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(gz))).isEqualTo("rw-r-----");
        }
        assertThat(Files.getLastModifiedTime(gz).toInstant()).isEqualTo(Instant.parse("2020-02-02T02:02:02Z"));
        UserDefinedFileAttributeView view = Files.getFileAttributeView(gz, UserDefinedFileAttributeView.class);
        ByteBuffer origin = ByteBuffer.allocate(view.size("origin"));
        view.read("origin", origin);
        assertThat(new String(origin.array(), StandardCharsets.UTF_8)).isEqualTo("camera 2");
        assertThat(leftovers()).containsExactly("notes.txt.gz");
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "no modes on Windows, and links need a right users lack")
    void aTemporaryNameSwappedForASymbolicLinkIsNotFollowed() throws IOException {
        Path victim = Files.writeString(Files.createDirectory(dir.resolve("home")).resolve("key"), "PRIVATE");
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-------"));
        byte[] data = Samples.text(100_000, 2);
        Path file = Files.write(dir.resolve("report.txt"), data);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        GzipEngine attacker = Meddling.afterReading(() -> {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path temp : s.filter(SafeOutput::isTemporary).toList()) {
                    Files.delete(temp);
                    Files.createSymbolicLink(temp, victim);
                }
            }
        });

        FileResult r = compress(attacker, file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(victim))).isEqualTo("rw-------");
        assertThat(Files.readString(victim)).isEqualTo("PRIVATE");
        assertThat(r.status()).isEqualTo(FileStatus.FAILED);
        assertThat(Files.readAllBytes(file)).isEqualTo(data);
        assertThat(dir.resolve("report.txt.gz")).doesNotExist();
    }

    @Test
    void aRewriteThatPutsTheModificationTimeBackIsSeenByTheChangeTime() throws IOException {
        byte[] data = Samples.text(100_000, 3);
        Path file = Files.write(dir.resolve("ledger.csv"), data);
        FileTime mtime = Files.getLastModifiedTime(file);
        byte[] rewritten = data.clone();
        rewritten[5] = '#';
        GzipEngine rewriting = Meddling.afterReading(() -> {
            Files.write(file, rewritten);
            Files.setLastModifiedTime(file, mtime);
        });

        FileResult r = compress(rewriting, file);

        assertThat(r.status()).isEqualTo(FileStatus.FAILED);
        assertThat(r.detail()).isEqualTo("changed while compressing (original kept)");
        assertThat(Files.readAllBytes(file)).isEqualTo(rewritten);
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "Windows files have no set-user-ID bit")
    void aSetUserIdFileIsPassedOverByNameToo() throws IOException {
        Path tool = Files.write(dir.resolve("tool"), Samples.text(10_000, 5));
        Files.setAttribute(tool, "unix:mode", 04755);

        FileResult r = compress(new dev.pigzfx.engine.ZlibEngine(), tool);

        assertThat(r.status()).isEqualTo(FileStatus.SKIPPED);
        assertThat(r.detail()).startsWith("has the set-user-ID bit");
        assertThat(leftovers()).containsExactly("tool");
    }

    @Test
    void aFileMovedIntoTheOriginalsPlaceIsLeftAsItIs() throws IOException {
        Path file = Files.write(dir.resolve("app.log"), Samples.text(100_000, 4));
        Path rotated = Files.writeString(dir.resolve("app.log.new"), "the new log\n");
        GzipEngine rotating = Meddling.afterReading(() ->
                Files.move(rotated, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE));

        FileResult r = compress(rotating, file);

        assertThat(r.originalKept()).isTrue();
        assertThat(Files.readString(file)).isEqualTo("the new log\n");
    }

    private FileResult compress(GzipEngine engine, Path file) {
        return new FileCompressor(engine, options).compress(file, Progress.NONE, Cancellation.none());
    }

    private java.util.List<String> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

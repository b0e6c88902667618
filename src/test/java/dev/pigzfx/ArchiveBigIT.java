package dev.pigzfx;

import dev.pigzfx.testing.Tools;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 9 GiB sparse file through an archive and back, with the packaged command: tar lists its full
 * size (over the 8 GiB a plain tar header holds: a PAX header carries it), the data that comes back
 * is the data that went in, and it comes back sparse, not as 9 GiB of zeros on the disk.
 */
@Tag("large")
@EnabledOnOs(value = OS.LINUX, disabledReason = "sparse files and du as Linux has them")
class ArchiveBigIT {

    private static final Path JAR = Path.of(System.getProperty("pigzfx.jar", "target/pigzfx.jar"));
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final long SIZE = 9L << 30;

    @TempDir
    Path dir;

    @Test
    void aNineGibibyteSparseFileGoesThroughAnArchiveAndComesBackSparse() throws IOException {
        Path data = Files.createDirectories(dir.resolve("disk"));
        Path image = data.resolve("disk.img");
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(SIZE);
            f.seek(SIZE / 2);
            f.write("in the middle".getBytes(StandardCharsets.UTF_8));
            f.seek(SIZE - 4);
            f.write("end\n".getBytes(StandardCharsets.UTF_8));
        }

        Tools.Run made = pigzfx("compress", "--archive", "-l", "1", "-p", "2", data.toString());
        assertThat(made.status()).as(made.stderr()).isZero();
        Path archive = dir.resolve("disk.tar.gz");
        Tools.Run listing = Tools.run(List.of("tar", "-tvzf", archive.toString()), new byte[0]);
        assertThat(listing.status()).as(listing.stderr()).isZero();
        assertThat(new String(listing.stdout(), StandardCharsets.UTF_8)).contains(" " + SIZE + " ")
                .contains("disk/disk.img");

        Files.move(data, dir.resolve("before"));
        Tools.Run back = pigzfx("decompress", "--extract", "-p", "2", archive.toString());

        assertThat(back.status()).as(back.stderr()).isZero();
        assertThat(Files.size(image)).isEqualTo(SIZE);
        assertThat(Files.mismatch(image, dir.resolve("before/disk.img"))).isEqualTo(-1);
        Tools.Run du = Tools.run(List.of("du", "-k", image.toString()), new byte[0]);
        long kilobytes = Long.parseLong(new String(du.stdout(), StandardCharsets.UTF_8).split("\\s+")[0]);
        assertThat(kilobytes).as("disk used by the extracted file, KB").isLessThan(10_000);
    }

    private Tools.Run pigzfx(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(JAVA, "-Dpigzfx.settings.dir=" + dir.resolve(".s"),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return Tools.run(command, new byte[0]);
    }
}

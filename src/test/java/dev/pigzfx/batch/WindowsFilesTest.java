package dev.pigzfx.batch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Windows counts a file's names, and PigzFX reads the count there as Java cannot. */
@EnabledOnOs(OS.WINDOWS)
class WindowsFilesTest {

    @TempDir
    Path dir;

    @Test
    void aFileHasOneNameUntilASecondIsMade() throws IOException {
        Path file = Files.writeString(dir.resolve("report.txt"), "the data");
        assertThat(WindowsFiles.links(file)).isEqualTo(1);

        Files.createLink(dir.resolve("second name.txt"), file);

        assertThat(WindowsFiles.links(file)).isEqualTo(2);
    }

    @Test
    void aMissingFileSaysSoWithTheSystemsErrorNumber() {
        assertThatThrownBy(() -> WindowsFiles.links(dir.resolve("missing.txt")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("missing.txt").hasMessageContaining("Windows error 2");
    }

    @Test
    void namesLongerThanTheOldLimitAreAskedInTheirLongForm() throws IOException {
        Path deep = Files.createDirectories(dir.resolve("a".repeat(120)).resolve("b".repeat(120)));
        Path file = Files.writeString(deep.resolve("c".repeat(60) + ".txt"), "x");

        assertThat(WindowsFiles.longName(file)).startsWith("\\\\?\\");
        assertThat(WindowsFiles.links(file)).isEqualTo(1);
    }
}

package dev.pigzfx.batch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The names archives are given and taken by, on every system. */
class ArchiveNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"CON", "nul", "Aux.txt", "COM1", "lpt9.log", "a<b", "what?", "x:y", "back\\slash",
            "trailing.", "trailing "})
    void namesWindowsCannotHoldAreRefusedThere(String name) {
        assertThat(ArchiveExtractor.windowsProblem(name)).isNotNull().contains(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"console.txt", "CONFIG", "nul2", "COM10", "readme.md", "naïve ☃.txt", ".hidden"})
    void ordinaryNamesAreTakenOnWindows(String name) {
        assertThat(ArchiveExtractor.windowsProblem(name)).isNull();
    }

    @Test
    void anArchiveIsNamedAfterItsOnlyInputOrTheFolderOfSeveral() {
        Path home = Path.of("home", "me").toAbsolutePath();

        assertThat(ArchiveMaker.defaultTarget(List.of(home.resolve("photos")))).isEqualTo(home.resolve("photos.tar.gz"));
        assertThat(ArchiveMaker.defaultTarget(List.of(home.resolve("a.txt"), home.resolve("b.txt"))))
                .isEqualTo(home.getParent().resolve("me.tar.gz"));
        assertThatThrownBy(() -> ArchiveMaker.defaultTarget(List.of(home.resolve("a"), home.resolve("sub/b"))))
                .hasMessageContaining("different folders");
    }

    @Test
    void theFolderAnArchiveGivesIsItsNameWithoutTheSuffix() {
        Path here = Path.of("x").toAbsolutePath().getParent();

        assertThat(ArchiveExtractor.defaultFolder(here.resolve("site.tar.gz"))).isEqualTo(here.resolve("site"));
        assertThat(ArchiveExtractor.defaultFolder(here.resolve("site.TGZ"))).isEqualTo(here.resolve("site"));
        assertThat(ArchiveExtractor.defaultFolder(here.resolve("v1.2.taz"))).isEqualTo(here.resolve("v1.2"));
        assertThat(ArchiveMaker.isArchiveName(here.resolve("notes.gz"))).isFalse();
    }
}

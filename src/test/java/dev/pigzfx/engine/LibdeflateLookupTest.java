package dev.pigzfx.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The copy of libdeflate an installer puts beside the runtime's libraries is taken before the system's. */
class LibdeflateLookupTest {

    @Test
    void aCopyBesideTheRuntimesLibrariesComesFirstAndTheSystemsNamesAfter(@TempDir Path home) throws IOException {
        Files.createDirectories(home.resolve("lib"));
        Files.createDirectories(home.resolve("bin"));
        Path mac = Files.write(home.resolve("lib").resolve("libdeflate.0.dylib"), new byte[] {1});
        Path windows = Files.write(home.resolve("bin").resolve("deflate.dll"), new byte[] {1});

        List<String> candidates = Libdeflate.candidates(home);

        assertThat(candidates.subList(0, 2)).containsExactlyInAnyOrder(mac.toString(), windows.toString());
        assertThat(candidates).contains("libdeflate.so.0", "libdeflate.dll");
        assertThat(candidates.indexOf("libdeflate.so.0")).isGreaterThan(1);
    }

    @Test
    void aRuntimeWithoutACopyLooksOnlyForTheSystems(@TempDir Path home) {
        assertThat(Libdeflate.candidates(home)).allSatisfy(name -> assertThat(name).doesNotStartWith(home.toString()))
                .contains("libdeflate.so.0");
    }
}

package dev.pigzfx.batch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Every case of {@link FileCompressorTest} again, through the by-name path that macOS and Windows
 * take: on Linux, where the CI runs, so that the promises those systems rely on are kept there too.
 * Elsewhere {@code FileCompressorTest} itself takes that path.
 */
@EnabledOnOs(OS.LINUX)
class FileCompressorByNameTest extends FileCompressorTest {

    @BeforeEach
    void byName() {
        Original.byDescriptor = false;
    }

    @AfterEach
    void byDescriptorAgain() {
        Original.byDescriptor = true;
    }
}

package dev.pigzfx.batch;

import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every case of {@link FileCompressorTest} again, through the by-name path that macOS and Windows
 * take: on Linux, where the CI runs, so that the promises those systems rely on are kept there too.
 * Elsewhere {@code FileCompressorTest} itself takes that path.
 */
@EnabledOnOs(OS.LINUX)
@ExtendWith(ByName.class)
class FileCompressorByNameTest extends FileCompressorTest {
}

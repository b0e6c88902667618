package dev.pigzfx.batch;

import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every case of {@link FileDecompressorTest} again, through the by-name path that macOS and Windows take. */
@EnabledOnOs(OS.LINUX)
@ExtendWith(ByName.class)
class FileDecompressorByNameTest extends FileDecompressorTest {
}

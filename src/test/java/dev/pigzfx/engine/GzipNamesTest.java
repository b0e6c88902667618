package dev.pigzfx.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** gzip's naming rule, both ways, and which stored names may become a file's name. */
class GzipNamesTest {

    @Test
    void namesGoBothWaysAsGzipNamesThem() {
        assertThat(GzipNames.compressed("notes.txt")).isEqualTo("notes.txt.gz");
        assertThat(GzipNames.decompressed("notes.txt.gz")).isEqualTo("notes.txt");
        assertThat(GzipNames.decompressed("REPORT.GZ")).isEqualTo("REPORT");
        assertThat(GzipNames.decompressed("backup.tgz")).isEqualTo("backup.tar");
        assertThat(GzipNames.decompressed("notes.txt")).isNull();
        assertThat(GzipNames.decompressed(".gz")).isNull();
        assertThat(GzipNames.suffix("a.TGZ")).isEqualTo("TGZ");
    }

    @Test
    void aStoredNameWithAPathOrControlCharactersIsNotUsed() {
        assertThat(GzipNames.isSafeStoredName("report 2026.csv")).isTrue();
        assertThat(GzipNames.isSafeStoredName("naïve.txt")).isTrue();
        assertThat(GzipNames.isSafeStoredName("../../etc/passwd")).isFalse();
        assertThat(GzipNames.isSafeStoredName("/etc/passwd")).isFalse();
        assertThat(GzipNames.isSafeStoredName("dir\\file")).isFalse();
        assertThat(GzipNames.isSafeStoredName("..")).isFalse();
        assertThat(GzipNames.isSafeStoredName("line\nbreak")).isFalse();
        assertThat(GzipNames.isSafeStoredName("\u001b[31mred")).isFalse();
        assertThat(GzipNames.isSafeStoredName("")).isFalse();
        assertThat(GzipNames.isSafeStoredName(null)).isFalse();
    }
}

package dev.pigzfx.engine;

import dev.pigzfx.testing.Samples;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

class Crc32CombineTest {

    @ParameterizedTest(name = "{0} + {1} bytes")
    @CsvSource({"0, 0", "0, 5", "5, 0", "1, 1", "100, 3", "65536, 1048576", "1000003, 77777"})
    void combinedCrcEqualsTheCrcOfTheJoinedData(int length1, int length2) {
        byte[] a = Samples.random(length1, length1);
        byte[] b = Samples.random(length2, length2 + 1);

        CRC32 whole = new CRC32();
        whole.update(a);
        whole.update(b);

        assertThat(Crc32Combine.combine(crc(a), crc(b), b.length)).isEqualTo((int) whole.getValue());
    }

    private static int crc(byte[] data) {
        CRC32 c = new CRC32();
        c.update(data);
        return (int) c.getValue();
    }
}

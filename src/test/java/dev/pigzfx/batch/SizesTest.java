package dev.pigzfx.batch;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Random;
import java.util.stream.DoubleStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Sizes and figures are written as before, without String.format's start-up cost. */
class SizesTest {

    @Test
    void decimalsAreWrittenAsPercentFWritesThem() {
        Random random = new Random(7);
        DoubleStream edges = DoubleStream.of(0, 0.05, 0.15, 0.25, 0.35, 1.45, 2.675, 9.95, 99.95, 99.949999,
                100, 1023.5, 26.9, 68.5, 1e-9, 0.95, 0.5, 0.049, 9.5, 999.95, 123456789.55, 1.5e7, 2.5e22,
                -0.0, -0.04, -0.05, -2.675, -99.95);
        DoubleStream randoms = DoubleStream.concat(random.doubles(20_000, 0, 1000),
                random.doubles(2_000, 0, 1).map(v -> v * Math.pow(10, random.nextInt(-12, 12))));
        DoubleStream.concat(edges, randoms).forEach(v -> {
            assertThat(Sizes.decimals(v, 1)).as("%s", v).isEqualTo(String.format(Locale.ROOT, "%.1f", v));
            assertThat(Sizes.decimals(v, 0)).as("%s", v).isEqualTo(String.format(Locale.ROOT, "%.0f", v));
        });
    }

    @Test
    void sizesKeepTheirUnitsAndFigures() {
        assertThat(Sizes.format(0)).isEqualTo("0 B");
        assertThat(Sizes.format(1023)).isEqualTo("1023 B");
        assertThat(Sizes.format(1024)).isEqualTo("1.0 KB");
        assertThat(Sizes.format(36_100_300)).isEqualTo("34.4 MB");
        assertThat(Sizes.format(150L << 20)).isEqualTo("150 MB");
        assertThat(Sizes.format(5L << 40)).isEqualTo("5.0 TB");
    }
}

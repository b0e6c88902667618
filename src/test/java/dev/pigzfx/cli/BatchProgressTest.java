package dev.pigzfx.cli;

import dev.pigzfx.batch.FileResult;
import dev.pigzfx.batch.FileStatus;
import dev.pigzfx.batch.Plan;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The live line a terminal shows while a batch runs. */
class BatchProgressTest {

    @Test
    void theLineCountsFilesAndBytesAndSaysTheTimeLeftInMinutesAndSeconds() {
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        BatchProgress progress = new BatchProgress(new PrintStream(shown, true, StandardCharsets.UTF_8));
        progress.planned(new Plan(Plan.Strategy.ADAPTIVE, 2, 100L << 20, 2, 3 << 10, Plan.Mode.CONCURRENT, 2, 1,
                List.of(), "two small files"));
        Path first = Path.of("a.txt");
        progress.finished(new FileResult(first, Path.of("a.txt.gz"), FileStatus.SUCCESS, 1 << 10, 300, 0, true, "",
                1_000_000));

        String line = shown.toString(StandardCharsets.UTF_8);
        assertThat(line).startsWith("\r\033[K1/2 files  1.0 KB of 3.0 KB  ").matches("(?s).*/s  \\d+:\\d\\d left$");

        progress.clear();
        assertThat(shown.toString(StandardCharsets.UTF_8)).endsWith("left\r\033[K");
    }
}

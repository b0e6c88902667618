package dev.pigzfx;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Dependencies point one way: ui and cli to batch to engine; engine and batch stay plain Java. */
class ArchitectureTest {

    private static final Path MAIN = Path.of("src/main/java/dev/pigzfx");

    @Test
    void engineAndBatchNeverUseJavaFx() throws IOException {
        assertThat(offenders(List.of("engine", "batch"), "javafx.")).isEmpty();
    }

    @Test
    void engineKnowsNothingOfTheLayersAboveIt() throws IOException {
        assertThat(offenders(List.of("engine"), "dev.pigzfx.batch", "dev.pigzfx.cli", "dev.pigzfx.ui")).isEmpty();
    }

    @Test
    void batchKnowsNothingOfTheCommandLineOrTheWindow() throws IOException {
        assertThat(offenders(List.of("batch"), "dev.pigzfx.cli", "dev.pigzfx.ui")).isEmpty();
    }

    /** Source files in {@code packages} that mention any of {@code forbidden}, with the line. */
    private static List<String> offenders(List<String> packages, String... forbidden) throws IOException {
        assertThat(MAIN).isDirectory();
        List<String> found = new java.util.ArrayList<>();
        for (String pkg : packages) {
            try (Stream<Path> files = Files.walk(MAIN.resolve(pkg))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    for (String line : Files.readAllLines(f)) {
                        for (String word : forbidden) {
                            if (line.contains(word)) {
                                found.add(f + ": " + line.strip());
                            }
                        }
                    }
                }
            }
        }
        return found;
    }
}

package dev.pigzfx;

import dev.pigzfx.engine.Cancellation;
import dev.pigzfx.engine.IntegrityTest;
import dev.pigzfx.engine.Progress;
import dev.pigzfx.testing.OpenOutputs;
import dev.pigzfx.testing.Samples;
import dev.pigzfx.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kill -9 at twenty different moments of a batch: after the k-th output is opened (while
 * compressing) or after the k-th {@code .gz} appears (between the rename and the original's removal).
 * Afterwards every original is intact, or its {@code .gz} tests good and holds exactly its bytes;
 * no file named {@code *.gz} is invalid; and a second run finishes the job and removes the
 * temporary files the killed one left behind.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "watches the process's open files in /proc")
class CrashIT {

    private static final Path JAR = Path.of(System.getProperty("pigzfx.jar", "target/pigzfx.jar"));
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final Map<String, byte[]> ORIGINALS = new LinkedHashMap<>();

    @BeforeAll
    static void makeTheBatch() {
        for (int i = 0; i < 24; i++) {
            int size = 20_000 + (i * 7919 % 24) * 60_000;
            ORIGINALS.put("file " + i + (i % 5 == 0 ? " ü" : "") + ".log",
                    i % 4 == 3 ? Samples.random(size, i) : Samples.text(size, i));
        }
    }

    @ParameterizedTest(name = "killed at moment {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void aKilledRunLosesNothingAndTheNextRunFinishes(int moment, @TempDir Path dir) throws Exception {
        for (var e : ORIGINALS.entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
        killAt(moment, dir, ".gz", "compress", "-p", "2", "--engine", moment % 3 == 0 ? "zlib" : "auto",
                dir.toString());

        assertNothingLost(dir);

        Tools.Run again = Tools.run(List.of(JAVA, "-Dpigzfx.settings.dir=" + dir.resolve(".settings"), "-jar",
                JAR.toString(), "compress", "-p", "2", dir.toString()), new byte[0]);
        assertThat(again.status()).as(again.stderr()).isZero();
        assertNothingLost(dir);
        // every file is compressed; an original whose .gz the killed run had already published is left
        // beside it (as after -k: only the user may decide it is redundant); no temporary file remains
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = s.map(f -> f.getFileName().toString()).filter(n -> !n.equals(".settings")).toList();
            assertThat(names).filteredOn(n -> n.endsWith(".log.gz")).hasSize(ORIGINALS.size());
            assertThat(names).filteredOn(n -> !n.endsWith(".log.gz"))
                    .allSatisfy(n -> assertThat(names).contains(n + ".gz"));
        }
    }

    @ParameterizedTest(name = "decompression killed at moment {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void aKilledDecompressionLosesNothingAndTheNextRunFinishes(int moment, @TempDir Path dir) throws Exception {
        for (var e : ORIGINALS.entrySet()) {
            Files.write(dir.resolve(e.getKey() + ".gz"), Tools.run(List.of("gzip", "-c"), e.getValue()).stdout());
        }
        killAt(moment, dir, ".log", "decompress", "-p", "2", dir.toString());

        assertNothingLostDecompressing(dir);

        Tools.Run again = Tools.run(List.of(JAVA, "-Dpigzfx.settings.dir=" + dir.resolve(".settings"), "-jar",
                JAR.toString(), "decompress", "-p", "2", dir.toString()), new byte[0]);
        assertThat(again.status()).as(again.stderr()).isZero();
        assertNothingLostDecompressing(dir);
        // every file is back; a .gz whose file the killed run had already published is left beside it
        try (Stream<Path> s = Files.list(dir)) {
            List<String> names = s.map(f -> f.getFileName().toString()).filter(n -> !n.equals(".settings")).toList();
            assertThat(names).filteredOn(n -> n.endsWith(".log")).hasSize(ORIGINALS.size());
            // no temporary file; a .gz only beside its file
            assertThat(names).allSatisfy(n -> assertThat(n.endsWith(".log")
                    || n.endsWith(".log.gz") && names.contains(n.substring(0, n.length() - 3))).as(n).isTrue());
        }
    }

    @ParameterizedTest(name = "archive killed at moment {0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void aKilledArchiveLeavesNoArchiveAndTheNextRunMakesIt(int moment, @TempDir Path dir) throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        for (var e : ORIGINALS.entrySet()) {
            Files.write(logs.resolve(e.getKey()), e.getValue());
        }
        Path archive = dir.resolve("logs.tar.gz");
        Process p = start(dir, "compress", "--archive", "-p", "2", logs.toString());
        // moments 1-2: the archive's temporary file is open; 3-4: its n-th original has been opened
        if (moment <= 2) {
            OpenOutputs.waitFor(p, dir, 1);
        } else {
            OpenOutputs.waitForInput(p, logs, moment - 1);
        }
        p.destroyForcibly();
        p.waitFor();

        assertThat(archive).as("no archive, or a whole one").satisfiesAnyOf(
                a -> assertThat(a).doesNotExist(),
                a -> assertThat(Tools.test("gzip", Files.readAllBytes(a)).status()).isZero());
        for (var e : ORIGINALS.entrySet()) {
            assertThat(Files.readAllBytes(logs.resolve(e.getKey()))).isEqualTo(e.getValue());
        }
        Files.deleteIfExists(archive);
        Tools.Run again = Tools.run(command(dir, "compress", "--archive", "-p", "2", logs.toString()), new byte[0]);
        assertThat(again.status()).as(again.stderr()).isZero();
        Tools.Run list = Tools.run(List.of("tar", "-tzf", archive.toString()), new byte[0]);
        assertThat(list.status()).as(list.stderr()).isZero();
        assertThat(new String(list.stdout()).lines()).hasSize(ORIGINALS.size() + 1);
        assertThat(hidden(dir)).as("what the killed run left is removed").isEmpty();
    }

    @ParameterizedTest(name = "extraction killed after {0} files")
    @ValueSource(ints = {1, 5, 12})
    void aKilledExtractionLeavesNoFolderAndTheNextRunExtracts(int files, @TempDir Path dir) throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        for (var e : ORIGINALS.entrySet()) {
            Files.write(logs.resolve(e.getKey()), e.getValue());
        }
        Path archive = dir.resolve("logs.tar.gz");
        assertThat(Tools.run(List.of("tar", "-C", dir.toString(), "-czf", archive.toString(), "logs"), new byte[0])
                .status()).isZero();
        Files.move(logs, dir.resolve("before"));

        Process p = start(dir, "decompress", "--extract", "-p", "2", archive.toString());
        waitForFilesIn(p, dir, files);
        p.destroyForcibly();
        p.waitFor();

        if (Files.exists(logs)) { // the kill came after the folder was published: it must be whole
            for (var e : ORIGINALS.entrySet()) {
                assertThat(Files.readAllBytes(logs.resolve(e.getKey()))).isEqualTo(e.getValue());
            }
        }
        Tools.Run again = Tools.run(command(dir, "decompress", "--extract", "-p", "2", archive.toString()), new byte[0]);
        assertThat(again.status()).as(again.stderr()).isZero();
        Path extracted = Files.exists(dir.resolve("logs (2)")) ? dir.resolve("logs (2)") : logs;
        for (var e : ORIGINALS.entrySet()) {
            assertThat(Files.readAllBytes(extracted.resolve(e.getKey()))).isEqualTo(e.getValue());
        }
        assertThat(hidden(dir)).as("what the killed run left is removed").isEmpty();
    }

    private static List<String> command(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of(JAVA, "-Dpigzfx.settings.dir=" + dir.resolve(".settings"),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        return command;
    }

    private static Process start(Path dir, String... args) throws IOException {
        return new ProcessBuilder(command(dir, args)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** PigzFX's hidden temporary files and folders in {@code dir}. */
    private static List<Path> hidden(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".pigzfx-tmp")).toList();
        }
    }

    /** Waits until a hidden folder being extracted in {@code dir} holds {@code count} files, or the process ends. */
    private static void waitForFilesIn(Process p, Path dir, int count) {
        while (p.isAlive()) {
            try {
                for (Path staging : hidden(dir)) {
                    try (Stream<Path> all = Files.walk(staging)) {
                        if (all.filter(Files::isRegularFile).count() >= count) {
                            return;
                        }
                    }
                }
            } catch (IOException | java.io.UncheckedIOException moving) {
                // the folder was published or removed as it was read: look again
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    /**
     * Runs PigzFX on {@code dir} with {@code args} and kills it (-9) at {@code moment}: an odd one
     * while the ((moment + 1) / 2)-th output is open, an even one once the (moment / 2)-th output
     * named {@code *suffix} has appeared, between its rename and the removal of what it came from.
     */
    private static void killAt(int moment, Path dir, String suffix, String... args) throws Exception {
        boolean atRename = moment % 2 == 0;
        int count = atRename ? moment / 2 : (moment + 1) / 2;
        List<String> command = new ArrayList<>(List.of(JAVA, "-Dpigzfx.settings.dir=" + dir.resolve(".settings"),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process p;
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (atRename) {
                waitFor(watch, suffix, count, p);
            } else {
                OpenOutputs.waitFor(p, dir, count);
            }
        }
        p.destroyForcibly();
        p.waitFor();
    }

    /** Each file is there whole, or its .gz is, intact; never a half-written file under a file's name. */
    private static void assertNothingLostDecompressing(Path dir) throws IOException {
        for (var e : ORIGINALS.entrySet()) {
            Path file = dir.resolve(e.getKey());
            Path gz = dir.resolve(e.getKey() + ".gz");
            if (Files.exists(file)) {
                assertThat(Files.readAllBytes(file)).as("%s is whole", file).isEqualTo(e.getValue());
            }
            if (Files.exists(gz)) {
                assertThat(Tools.gunzip(Files.readAllBytes(gz))).as("%s is intact", gz).isEqualTo(e.getValue());
            }
            assertThat(Files.exists(file) || Files.exists(gz)).as("%s or its .gz is there", e.getKey()).isTrue();
        }
    }

    private static void assertNothingLost(Path dir) throws IOException {
        for (var e : ORIGINALS.entrySet()) {
            Path original = dir.resolve(e.getKey());
            Path gz = dir.resolve(e.getKey() + ".gz");
            boolean intact = Files.exists(original) && java.util.Arrays.equals(Files.readAllBytes(original), e.getValue());
            boolean compressed = Files.exists(gz);
            if (compressed) {
                IntegrityTest.Report r = IntegrityTest.test(gz, 1, Progress.NONE, Cancellation.none());
                assertThat(r.uncompressedSize()).as(gz.toString()).isEqualTo(e.getValue().length);
                assertThat(Tools.gunzip(Files.readAllBytes(gz))).as(gz.toString()).isEqualTo(e.getValue());
            }
            assertThat(intact || compressed).as("%s is intact or compressed", e.getKey()).isTrue();
            if (Files.exists(original)) {
                assertThat(intact).as("%s is not damaged", e.getKey()).isTrue();
            }
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> gzs = new ArrayList<>(s.filter(f -> f.toString().endsWith(".gz")).toList());
            assertThat(gzs).allSatisfy(f -> assertThat(ORIGINALS).containsKey(
                    f.getFileName().toString().replaceFirst("\\.gz$", "")));
        }
    }

    /** Waits until the {@code count}-th file ending in {@code suffix} appears, or the process ends. */
    private static void waitFor(WatchService watch, String suffix, int count, Process p) throws InterruptedException {
        int seen = 0;
        while (p.isAlive()) {
            WatchKey key = watch.poll(50, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (key == null) {
                continue;
            }
            for (WatchEvent<?> e : key.pollEvents()) {
                if (e.context() instanceof Path created && created.toString().endsWith(suffix) && ++seen == count) {
                    return;
                }
            }
            key.reset();
        }
    }
}

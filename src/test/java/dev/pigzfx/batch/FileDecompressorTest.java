package dev.pigzfx.batch;

import dev.pigzfx.engine.Cancellation;
import dev.pigzfx.engine.Progress;
import dev.pigzfx.testing.Samples;
import dev.pigzfx.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code .gz} back to its file: byte for byte, the {@code .gz} removed only once the file is
 * written and proven, and nothing lost or half-written when anything goes wrong.
 */
class FileDecompressorTest {

    @TempDir
    Path dir;

    private final CompressOptions options = CompressOptions.defaults().withThreads(2);

    @Test
    void aGzFromGzipComesBackByteForByteWithItsStoredTimeAndTheGzGoes() throws IOException {
        byte[] data = Samples.text(2_000_000, 1);
        Path original = Files.write(dir.resolve("server.log"), data);
        Files.setLastModifiedTime(original, FileTime.from(Instant.parse("2021-03-04T05:06:07Z")));
        assertThat(Tools.run(List.of("gzip", original.toString()), new byte[0]).status()).isZero();
        Path gz = dir.resolve("server.log.gz");

        FileResult r = decompress(gz, options);

        assertThat(r.status()).as(r.detail()).isEqualTo(FileStatus.SUCCESS);
        assertThat(r.output()).isEqualTo(original);
        assertThat(Files.readAllBytes(original)).isEqualTo(data);
        assertThat(Files.getLastModifiedTime(original).toInstant()).isEqualTo(Instant.parse("2021-03-04T05:06:07Z"));
        assertThat(r.originalKept()).isFalse();
        assertThat(r.originalSize()).isEqualTo(data.length);
        assertThat(leftovers()).containsExactly("server.log");
    }

    @Test
    void pigzFxsOwnManyMemberFilesComeBackOnEveryCore() throws IOException {
        byte[] data = Samples.text(9_000_000, 2);
        Path original = Files.write(dir.resolve("big.txt"), data);
        FileResult compressed = new FileCompressor(dev.pigzfx.engine.Engines.AUTO.create(), options)
                .compress(original, Progress.NONE, Cancellation.none());
        assertThat(compressed.status()).isEqualTo(FileStatus.SUCCESS);

        FileResult r = decompress(dir.resolve("big.txt.gz"), options);

        assertThat(r.status()).as(r.detail()).isEqualTo(FileStatus.SUCCESS);
        assertThat(Files.readAllBytes(original)).isEqualTo(data);
        assertThat(r.crc32()).isEqualTo(crc(data));
        assertThat(leftovers()).containsExactly("big.txt");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"zlib engine", "libdeflate engine", "pigz engine", "gzip -9", "pigz -11 (zopfli)",
        "bgzip", "gzip -c of two files, concatenated"})
    void everyMakersGzComesBackByteForByte(String maker) throws IOException {
        byte[] data = Samples.text(1_500_000, 6);
        Path file = Files.write(dir.resolve("made.txt"), data);
        Path gz = dir.resolve("made.txt.gz");
        switch (maker) {
            case "zlib engine", "libdeflate engine", "pigz engine" -> {
                if (maker.startsWith("pigz")) {
                    Tools.needPigz();
                }
                if (maker.startsWith("libdeflate")) {
                    Tools.needLibdeflate();
                }
                dev.pigzfx.engine.Engines engine = dev.pigzfx.engine.Engines.parse(maker.split(" ")[0]);
                assertThat(new FileCompressor(engine.create(), options).compress(file, Progress.NONE,
                        Cancellation.none()).status()).isEqualTo(FileStatus.SUCCESS);
            }
            case "gzip -9" -> assertThat(Tools.run(List.of("gzip", "-9", file.toString()), new byte[0]).status()).isZero();
            case "pigz -11 (zopfli)" -> {
                Tools.needPigz();
                assertThat(Tools.run(List.of("pigz", "-11", file.toString()), new byte[0]).status()).isZero();
            }
            case "bgzip" -> {
                Tools.needBgzip();
                assertThat(Tools.run(List.of("bgzip", file.toString()), new byte[0]).status()).isZero();
            }
            default -> {
                byte[] half = Arrays.copyOf(data, data.length / 2);
                byte[] rest = Arrays.copyOfRange(data, data.length / 2, data.length);
                Files.write(gz, concat(Tools.run(List.of("gzip", "-c"), half).stdout(),
                        Tools.run(List.of("gzip", "-c"), rest).stdout()));
                Files.delete(file);
            }
        }
        assertThat(file).doesNotExist();

        FileResult r = decompress(gz, options);

        assertThat(r.status()).as(r.detail()).isEqualTo(FileStatus.SUCCESS);
        assertThat(Files.readAllBytes(file)).isEqualTo(data);
        assertThat(leftovers()).containsExactly("made.txt");
    }

    @Test
    void keepLeavesTheGzAndAnExistingFileIsReplacedOnlyWhenForced() throws IOException {
        Path gz = gzip("notes.txt", "the notes\n".getBytes());
        Files.writeString(dir.resolve("notes.txt"), "someone else's notes\n");

        FileResult refused = decompress(gz, options);
        FileResult kept = decompress(gz, options.withForce(true).withKeep(true));

        assertThat(refused.status()).isEqualTo(FileStatus.SKIPPED);
        assertThat(refused.detail()).isEqualTo(dir.resolve("notes.txt") + " already exists (force to replace it)");
        assertThat(kept.status()).isEqualTo(FileStatus.SUCCESS);
        assertThat(kept.originalKept()).isTrue();
        assertThat(Files.readString(dir.resolve("notes.txt"))).isEqualTo("the notes\n");
        assertThat(leftovers()).containsExactlyInAnyOrder("notes.txt", "notes.txt.gz");
    }

    @Test
    void aDamagedGzFailsWithWhereItIsDamagedAndLeavesNothingButItself() throws IOException {
        byte[] data = Samples.text(500_000, 3);
        byte[] good = Files.readAllBytes(gzip("report.csv", data));
        for (int at : new int[] {good.length / 2, good.length - 6, good.length - 1}) {
            byte[] damaged = good.clone();
            damaged[at] ^= 0x10;
            Path gz = Files.write(dir.resolve("report.csv.gz"), damaged);

            FileResult r = decompress(gz, options);

            assertThat(r.status()).isEqualTo(FileStatus.FAILED);
            assertThat(r.detail()).startsWith("is damaged: ").endsWith("(.gz kept)");
            assertThat(Files.readAllBytes(gz)).isEqualTo(damaged);
            assertThat(leftovers()).containsExactly("report.csv.gz");
        }
    }

    @Test
    void cancelMidFileKeepsTheGzAndLeavesNoTemporaryFile() throws IOException {
        Path gz = gzip("big.log", Samples.text(20_000_000, 4));
        byte[] before = Files.readAllBytes(gz);
        Cancellation cancel = new Cancellation();

        FileResult r = new FileDecompressor(options.withThreads(1), false, null).decompress(
                new Discovery.Input(gz, Files.size(gz)), (read, written) -> {
                    if (written > 1_000_000) {
                        cancel.cancel();
                    }
                }, cancel);

        assertThat(r.status()).isEqualTo(FileStatus.CANCELLED);
        assertThat(Files.readAllBytes(gz)).isEqualTo(before);
        assertThat(leftovers()).containsExactly("big.log.gz");
    }

    @Test
    void theStoredNameIsUsedWhenAskedAndOnlyWhenItIsAPlainName() throws IOException {
        byte[] data = "renamed\n".getBytes();
        Path gz = Files.write(dir.resolve("download.gz"), gzipWithName("Quarterly report.txt", data));
        Path evil = Files.write(dir.resolve("evil.gz"), gzipWithName("../escaped.txt", data));

        FileResult named = new FileDecompressor(options, true, null).decompress(
                new Discovery.Input(gz, Files.size(gz)), FileWatcher.NONE, Cancellation.none());
        FileResult refused = new FileDecompressor(options, true, null).decompress(
                new Discovery.Input(evil, Files.size(evil)), FileWatcher.NONE, Cancellation.none());

        assertThat(named.output()).isEqualTo(dir.resolve("Quarterly report.txt"));
        assertThat(Files.readAllBytes(named.output())).isEqualTo(data);
        assertThat(refused.output()).isEqualTo(dir.resolve("evil"));
        assertThat(refused.detail()).contains("../escaped.txt").contains("not used");
        assertThat(dir.getParent().resolve("escaped.txt")).doesNotExist();

        // a stored name longer than any a file system takes (100 KB): the file is valid, the name not used
        Path longName = Files.write(dir.resolve("long.gz"), gzipWithName("n".repeat(100_000), data));
        FileResult kept = new FileDecompressor(options, true, null).decompress(
                new Discovery.Input(longName, Files.size(longName)), FileWatcher.NONE, Cancellation.none());
        assertThat(kept.status()).as(kept.detail()).isEqualTo(FileStatus.SUCCESS);
        assertThat(kept.output()).isEqualTo(dir.resolve("long"));

        // a .gz whose header names the .gz itself: forced, it must not take the .gz's own name
        Path self = Files.write(dir.resolve("self.gz"), gzipWithName("self.gz", data));
        FileResult own = new FileDecompressor(options.withForce(true), true, null).decompress(
                new Discovery.Input(self, Files.size(self)), FileWatcher.NONE, Cancellation.none());
        assertThat(own.output()).isEqualTo(dir.resolve("self"));
        assertThat(own.detail()).contains("its own");
        assertThat(Files.readAllBytes(dir.resolve("self"))).isEqualTo(data);
    }

    @Test
    void aTgzBecomesATarAndZeroPaddingIsAccepted() throws IOException {
        byte[] data = Samples.random(100_000, 5);
        byte[] gz = Files.readAllBytes(gzip("backup", data));
        Path tgz = Files.write(dir.resolve("backup.tgz"), concat(gz, new byte[4096]));
        Files.delete(dir.resolve("backup.gz"));

        FileResult r = decompress(tgz, options);

        assertThat(r.status()).as(r.detail()).isEqualTo(FileStatus.SUCCESS);
        assertThat(Files.readAllBytes(dir.resolve("backup.tar"))).isEqualTo(data);
        assertThat(leftovers()).containsExactly("backup.tar");
    }

    @Test
    void aFileWithoutAGzSuffixIsPassedOver() throws IOException {
        Path plain = Files.writeString(dir.resolve("notes.txt"), "plain");

        assertThat(decompress(plain, options)).extracting(FileResult::status, FileResult::detail)
                .containsExactly(FileStatus.SKIPPED, "does not end in .gz or .tgz");
    }

    private FileResult decompress(Path gz, CompressOptions o) throws IOException {
        return new FileDecompressor(o, false, null).decompress(new Discovery.Input(gz, Files.size(gz)),
                FileWatcher.NONE, Cancellation.none());
    }

    /** {@code gzip NAME}, leaving {@code NAME.gz}. */
    private Path gzip(String name, byte[] data) throws IOException {
        Path file = Files.write(dir.resolve(name), data);
        assertThat(Tools.run(List.of("gzip", "-f", file.toString()), new byte[0]).status()).isZero();
        return dir.resolve(name + ".gz");
    }

    /** A gzip member whose header stores {@code name}, as another tool might write it. */
    private static byte[] gzipWithName(String name, byte[] data) throws IOException {
        byte[] plain = Tools.run(List.of("gzip", "-n", "-c"), data).stdout();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Arrays.copyOf(plain, 10));
        out.write(name.getBytes(StandardCharsets.UTF_8));
        out.write(0);
        out.write(plain, 10, plain.length - 10);
        byte[] member = out.toByteArray();
        member[3] |= 0x08; // FNAME
        return member;
    }

    private List<String> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static int crc(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return (int) crc.getValue();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}

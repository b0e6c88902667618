package dev.pigzfx.cli;

import dev.pigzfx.testing.Samples;
import dev.pigzfx.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The other half of a gzip tool on the command line: decompress, and PigzFX where gzip is used in
 * scripts (standard input and output, gzip's short forms), judged by what gzip itself reads.
 */
class GzipToolTest {

    @TempDir
    Path dir;

    /** What one run printed, wrote to standard output as bytes, and returned. */
    record Outcome(int status, byte[] stdout, String out, String err) {
    }

    private static Outcome run(byte[] stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = Cli.run(args, new Pipes(new ByteArrayInputStream(stdin), bytes), new PrintWriter(out),
                new PrintWriter(err));
        return new Outcome(status, bytes.toByteArray(), out.toString(), err.toString());
    }

    @Test
    void aCompressedFolderDecompressesBackByteForByteAndTheGzFilesGo() throws IOException {
        byte[] a = Samples.text(3_000_000, 1);
        byte[] b = Samples.random(200_000, 2);
        Files.createDirectories(dir.resolve("data/sub"));
        Files.write(dir.resolve("data/a.log"), a);
        Files.write(dir.resolve("data/sub/b.bin"), b);
        assertThat(run(new byte[0], "compress", dir.resolve("data").toString()).status()).isZero();

        Outcome o = run(new byte[0], "decompress", dir.resolve("data").toString());

        assertThat(o.status()).as(o.err()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("data/a.log"))).isEqualTo(a);
        assertThat(Files.readAllBytes(dir.resolve("data/sub/b.bin"))).isEqualTo(b);
        assertThat(names(dir.resolve("data"))).containsExactlyInAnyOrder("a.log", "sub", "sub/b.bin");
        assertThat(o.out()).contains("a.log.gz -> a.log").contains("verified CRC-32");
    }

    @Test
    void dashCWritesToStandardOutputAndKeepsTheFileBothWays() throws IOException {
        byte[] data = Samples.text(2_000_000, 3);
        Path file = Files.write(dir.resolve("notes.txt"), data);

        Outcome compressed = run(new byte[0], "-c", file.toString());
        Path gz = Files.write(dir.resolve("copy.gz"), compressed.stdout());
        Outcome decompressed = run(new byte[0], "-dc", gz.toString());

        assertThat(compressed.status()).isZero();
        assertThat(Tools.gunzip(compressed.stdout())).isEqualTo(data);
        assertThat(decompressed.status()).isZero();
        assertThat(decompressed.stdout()).isEqualTo(data);
        assertThat(Files.readAllBytes(file)).isEqualTo(data);
        assertThat(gz).exists();
    }

    @Test
    void withNoArgumentsItIsAFilterBothWaysAsTarUsesIt() {
        byte[] data = Samples.text(1_500_000, 4);

        Outcome compressed = run(data);
        Outcome decompressed = run(compressed.stdout(), "-d");
        Outcome tested = run(compressed.stdout(), "-t");

        assertThat(compressed.status()).isZero();
        assertThat(Tools.gunzip(compressed.stdout())).isEqualTo(data);
        assertThat(decompressed.status()).isZero();
        assertThat(decompressed.stdout()).isEqualTo(data);
        assertThat(tested.status()).isZero();
        assertThat(tested.out()).startsWith("standard input: OK");
    }

    @Test
    void gzipsShortFormsMeanWhatTheyMeanToGzip() throws IOException {
        byte[] data = Samples.text(300_000, 5);
        Path file = Files.write(dir.resolve("report.csv"), data);

        Outcome kept = run(new byte[0], "-9k", file.toString());
        Outcome again = run(new byte[0], "-k", file.toString());
        Outcome forced = run(new byte[0], "-kf", "-p", "1", file.toString());

        assertThat(kept.status()).isZero();
        assertThat(file).exists();
        assertThat(Tools.gunzip(Files.readAllBytes(dir.resolve("report.csv.gz")))).isEqualTo(data);
        assertThat(again.status()).as("the .gz exists").isEqualTo(Cli.FAILED);
        assertThat(forced.status()).isZero();
        assertThat(GzipForms.translate(new String[] {"-dc", "a.gz"}))
                .containsExactly("decompress", "--stdout", "--", "a.gz");
        assertThat(GzipForms.translate(new String[] {"-d"})).containsExactly("decompress", "--stdout", "--", "-");
        assertThat(GzipForms.translate(new String[] {"--level", "9"})).as("not gzip's").isNull();
    }

    @Test
    void aDamagedGzOnStandardInputFailsAfterWritingOnlyWhatCameBefore() {
        byte[] data = Samples.text(200_000, 6);
        byte[] gz = Tools.run(List.of("gzip", "-c"), data).stdout();
        byte[] cut = java.util.Arrays.copyOf(gz, gz.length - 20);

        Outcome o = run(cut, "-d");

        assertThat(o.status()).isEqualTo(Cli.FAILED);
        assertThat(o.err()).startsWith("pigzfx: standard input: the file is truncated");
        assertThat(o.stdout()).isEqualTo(java.util.Arrays.copyOf(data, o.stdout().length));
    }

    @Test
    void testWalksFoldersLikeCompressDoes() throws IOException {
        Files.createDirectories(dir.resolve("logs/old"));
        Files.write(dir.resolve("logs/a.gz"), Tools.run(List.of("gzip", "-c"), Samples.text(50_000, 7)).stdout());
        Files.write(dir.resolve("logs/old/b.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0});
        Files.writeString(dir.resolve("logs/readme.txt"), "not gzip");

        Outcome o = run(new byte[0], "test", dir.resolve("logs").toString());

        assertThat(o.status()).isEqualTo(Cli.FAILED);
        assertThat(o.out()).contains("a.gz: OK");
        assertThat(o.err()).contains("b.gz: the file is truncated");
        assertThat(o.err()).doesNotContain("readme.txt");
    }

    @Test
    void aDryRunLeavesWhatACrashedRunLeftAndTouchesNothing() throws IOException {
        Path file = Files.write(dir.resolve("a.txt"), Samples.text(10_000, 8));
        Path stale = Files.writeString(dir.resolve(".a.txt.gz.999999999-0badf00d.pigzfx-tmp"), "half");

        Outcome o = run(new byte[0], "compress", "--dry-run", dir.toString());

        assertThat(o.status()).isZero();
        assertThat(stale).exists();
        assertThat(file).exists();
        assertThat(names(dir)).containsExactlyInAnyOrder("a.txt", stale.getFileName().toString());
    }

    @Test
    void controlCharactersInNamesAreEscapedNeverPrintedRaw() throws IOException {
        Path file = Files.write(dir.resolve("evil\u001b[2J.txt"), Samples.text(1_000, 9));

        Outcome o = run(new byte[0], "compress", file.toString());

        assertThat(o.status()).isZero();
        assertThat(o.out() + o.err()).doesNotContain("\u001b");
        assertThat(o.out()).contains("evil\\033[2J.txt -> evil\\033[2J.txt.gz");
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> all = Files.walk(folder)) {
            return all.filter(p -> !p.equals(folder)).map(p -> folder.relativize(p).toString()).toList();
        }
    }
}

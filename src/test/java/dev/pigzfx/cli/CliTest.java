package dev.pigzfx.cli;

import dev.pigzfx.testing.Samples;
import dev.pigzfx.testing.Tools;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as a user meets it: exit status, messages, JSON, and originals kept on failure. */
class CliTest {

    @TempDir
    Path dir;

    /** What one run printed and returned. */
    record Outcome(int status, String out, String err) {
        JSONArray files() {
            return new JSONObject(out).getJSONArray("files");
        }
    }

    static Outcome run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Cli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Outcome(status, out.toString(), err.toString());
    }

    @Test
    void compressesFilesVerifiesThemAndRemovesTheOriginals() throws IOException {
        byte[] a = Samples.text(600_000, 1);
        byte[] b = Samples.random(100_000, 2);
        Path fa = Files.write(dir.resolve("a.log"), a);
        Path fb = Files.write(dir.resolve("b.bin"), b);

        Outcome o = run("compress", "-l", "9", "-p", "2", fa.toString(), fb.toString());

        assertThat(o.status()).isZero();
        assertThat(o.err()).isEmpty();
        assertThat(o.out()).contains("a.log -> a.log.gz").contains("verified CRC-32");
        assertThat(fa).doesNotExist();
        assertThat(fb).doesNotExist();
        assertThat(Tools.gunzip(Files.readAllBytes(dir.resolve("a.log.gz")))).isEqualTo(a);
        assertThat(Tools.gunzip(Files.readAllBytes(dir.resolve("b.bin.gz")))).isEqualTo(b);
    }

    @Test
    void jsonReportHasTheServiceShape() throws IOException {
        byte[] data = Samples.text(50_000, 3);
        Path file = Files.write(dir.resolve("file.txt"), data);

        Outcome o = run("compress", "--json", "-k", file.toString());

        assertThat(o.status()).isZero();
        JSONObject f = o.files().getJSONObject(0);
        assertThat(f.getString("file_path")).isEqualTo(dir.resolve("file.txt.gz").toString());
        assertThat(f.getLong("original_size")).isEqualTo(data.length);
        assertThat(f.getLong("compressed_size")).isEqualTo(Files.size(dir.resolve("file.txt.gz")));
        assertThat(f.getString("status")).isEqualTo("success");
        assertThat(file).exists();
    }

    @Test
    void badInputGetsTheReasonExitStatusOneAndLosesNothing() throws IOException {
        Path missing = dir.resolve("missing.txt");
        Path folder = Files.createDirectory(dir.resolve("photos"));
        Path hasGz = Files.writeString(dir.resolve("notes.txt"), "keep me");
        Files.writeString(dir.resolve("notes.txt.gz"), "an older archive");
        Path suffix = Files.writeString(dir.resolve("old.gz"), "not really gzip");
        Path empty = Files.write(dir.resolve("empty.dat"), new byte[0]);

        Outcome o = run("compress", "--json", missing.toString(), folder.toString(), hasGz.toString(),
                suffix.toString(), empty.toString());

        assertThat(o.status()).isEqualTo(Cli.FAILED);
        JSONArray files = o.files();
        List<String> statuses = new ArrayList<>();
        for (int i = 0; i < files.length(); i++) {
            statuses.add(files.getJSONObject(i).getString("status"));
        }
        assertThat(statuses).containsExactly("failed", "failed", "skipped", "skipped", "success");
        assertThat(files.getJSONObject(0).getString("detail")).isEqualTo("no such file or folder");
        assertThat(files.getJSONObject(1).getString("detail")).isEqualTo("is a folder");
        assertThat(files.getJSONObject(2).getString("detail")).contains("notes.txt.gz already exists");
        assertThat(files.getJSONObject(3).getString("detail")).contains(".gz suffix");
        assertThat(Files.readString(hasGz)).isEqualTo("keep me");
        assertThat(Files.readString(dir.resolve("notes.txt.gz"))).isEqualTo("an older archive");
        assertThat(Files.readString(suffix)).isEqualTo("not really gzip");
        assertThat(Tools.gunzip(Files.readAllBytes(dir.resolve("empty.dat.gz")))).isEmpty();
    }

    @Test
    void humanMessagesNameThePathAndTheCause() {
        Path missing = dir.resolve("nope.txt");

        Outcome o = run("compress", missing.toString());

        assertThat(o.status()).isEqualTo(Cli.FAILED);
        assertThat(o.err()).isEqualTo("pigzfx: " + missing + ": no such file or folder" + System.lineSeparator());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-l 0", "-l 10", "-p 0", "--engine brotli", "-b 1K", "-b 65M", "-b lots", "", "--frobnicate x"})
    void badUsageExitsWithTwoAndTouchesNothing(String options) throws IOException {
        Path file = Files.writeString(dir.resolve("x.txt"), "data");
        List<String> args = new ArrayList<>(List.of("compress"));
        if (!options.isEmpty()) {
            args.addAll(List.of(options.split(" ")));
        }
        if (!options.isEmpty()) {
            args.add(file.toString());
        }

        Outcome o = run(args.toArray(String[]::new));

        assertThat(o.status()).isEqualTo(Cli.USAGE);
        assertThat(o.err()).isNotBlank();
        assertThat(file).exists();
        assertThat(dir.resolve("x.txt.gz")).doesNotExist();
    }

    @Test
    void thePigzEngineIsSelectable() throws IOException {
        byte[] data = Samples.text(400_000, 4);
        Path file = Files.write(dir.resolve("p.txt"), data);

        Outcome o = run("compress", "--engine", "pigz", file.toString());

        assertThat(o.status()).isZero();
        assertThat(Tools.gunzip(Files.readAllBytes(dir.resolve("p.txt.gz")))).isEqualTo(data);
    }

    @Test
    void testAcceptsGoodFilesAndNamesTheDamageInBadOnes() throws IOException {
        Path good = dir.resolve("good.gz");
        Files.write(good, Tools.run(List.of("gzip", "-c"), Samples.text(100_000, 5)).stdout());
        byte[] bytes = Files.readAllBytes(good);
        Path cut = Files.write(dir.resolve("cut.gz"), java.util.Arrays.copyOf(bytes, bytes.length / 2));

        Outcome ok = run("test", good.toString());
        Outcome bad = run("test", "--json", good.toString(), cut.toString(), dir.resolve("none.gz").toString());

        assertThat(ok.status()).isZero();
        assertThat(ok.out()).contains("good.gz: OK");
        assertThat(bad.status()).isEqualTo(Cli.FAILED);
        JSONArray files = bad.files();
        assertThat(files.getJSONObject(0).getString("status")).isEqualTo("success");
        assertThat(files.getJSONObject(0).getLong("original_size")).isEqualTo(100_000);
        assertThat(files.getJSONObject(1).getString("status")).isEqualTo("failed");
        assertThat(files.getJSONObject(1).getString("detail")).contains("truncated");
        assertThat(files.getJSONObject(2).getString("detail")).isEqualTo("no such file");
        assertThat(bad.err()).contains(cut + ": the file is truncated at byte " + bytes.length / 2);
    }

    @Test
    void versionAndHelpExitZero() {
        Outcome version = run("--version");
        Outcome help = run("--help");

        assertThat(version.status()).isZero();
        assertThat(version.out()).startsWith("PigzFX ");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("compress").contains("test");
    }

    @Test
    void onlySubcommandsAndOptionsMeanTheCommandLine() {
        assertThat(Cli.wants(new String[] {"compress", "x"})).isTrue();
        assertThat(Cli.wants(new String[] {"--version"})).isTrue();
        assertThat(Cli.wants(new String[] {})).isFalse();
        assertThat(Cli.wants(new String[] {"/home/me/photos"})).isFalse();
    }
}

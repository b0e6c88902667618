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
import java.util.Map;

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
        Path hasGz = Files.writeString(dir.resolve("notes.txt"), "keep me");
        Files.writeString(dir.resolve("notes.txt.gz"), "an older archive");
        Path suffix = Files.writeString(dir.resolve("old.gz"), "not really gzip");
        Path empty = Files.write(dir.resolve("empty.dat"), new byte[0]);

        Outcome o = run("compress", "--json", missing.toString(), hasGz.toString(), suffix.toString(),
                empty.toString());

        assertThat(o.status()).isEqualTo(Cli.FAILED);
        Map<String, JSONObject> files = byName(o.files());
        assertThat(files.get("missing.txt").getString("status")).isEqualTo("failed");
        assertThat(files.get("missing.txt").getString("detail")).isEqualTo("no such file or folder");
        assertThat(files.get("notes.txt").getString("status")).isEqualTo("skipped");
        assertThat(files.get("notes.txt").getString("detail")).contains("notes.txt.gz already exists");
        assertThat(files.get("old.gz").getString("status")).isEqualTo("skipped");
        assertThat(files.get("old.gz").getString("detail")).contains(".gz suffix");
        assertThat(files.get("empty.dat").getString("status")).isEqualTo("success");
        assertThat(files.get("empty.dat").getString("file_path")).isEqualTo(empty + ".gz");
        assertThat(files.get("missing.txt").isNull("file_path")).as("no .gz was written").isTrue();
        assertThat(Files.readString(hasGz)).isEqualTo("keep me");
        assertThat(Files.readString(dir.resolve("notes.txt.gz"))).isEqualTo("an older archive");
        assertThat(Files.readString(suffix)).isEqualTo("not really gzip");
        assertThat(Tools.gunzip(Files.readAllBytes(dir.resolve("empty.dat.gz")))).isEmpty();
    }

    @Test
    void anOriginalThatWasToBeRemovedButIsKeptExitsWithOneAndSaysWhy() throws IOException {
        byte[] data = Samples.text(30_000, 4);
        Path linked = Files.write(dir.resolve("linked.txt"), data);
        Files.createLink(dir.resolve("other-name.txt"), linked);

        Outcome o = run("compress", linked.toString());

        assertThat(o.status()).isEqualTo(Cli.FAILED);
        assertThat(o.out()).contains("linked.txt -> linked.txt.gz").contains("original kept: it has 2 hard links");
        assertThat(Files.readAllBytes(linked)).isEqualTo(data);
        assertThat(Tools.gunzip(Files.readAllBytes(dir.resolve("linked.txt.gz")))).isEqualTo(data);

        // asked to keep it, it is as asked
        Files.delete(dir.resolve("linked.txt.gz"));
        assertThat(run("compress", "-k", linked.toString()).status()).isZero();
    }

    @Test
    void foldersAreCompressedFileByFileAndWhatTheyAlreadyHoldCompressedIsPassedOverQuietly() throws IOException {
        Path photos = Files.createDirectories(dir.resolve("project/docs"));
        byte[] readme = Samples.text(40_000, 7);
        Files.write(photos.resolve("readme.md"), readme);
        Files.write(dir.resolve("project/data.csv"), Samples.text(90_000, 8));
        Files.writeString(dir.resolve("project/archive.gz"), "already gzip");
        Files.createDirectories(dir.resolve("project/empty"));

        Outcome o = run("compress", dir.resolve("project").toString());

        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.err()).isEmpty();
        assertThat(o.out()).contains("2 files compressed").contains("1 skipped, 0 failed");
        assertThat(Tools.gunzip(Files.readAllBytes(photos.resolve("readme.md.gz")))).isEqualTo(readme);
        assertThat(dir.resolve("project/data.csv")).doesNotExist();
        assertThat(Files.readString(dir.resolve("project/archive.gz"))).isEqualTo("already gzip");
    }

    @Test
    void dryRunPrintsThePlanAndTouchesNothing() throws IOException {
        for (int i = 0; i < 10; i++) {
            Files.write(dir.resolve("f" + i), new byte[1024 * 1024]);
        }

        Outcome o = run("compress", "--dry-run", "--json", "--strategy", "classic", "-p", "2", dir.toString());
        Outcome words = run("compress", "--dry-run", "-p", "2", "--threshold", "100MB", dir.toString());

        assertThat(o.status()).isZero();
        JSONObject plan = new JSONObject(o.out()).getJSONObject("plan");
        assertThat(plan.getString("strategy")).isEqualTo("classic");
        assertThat(plan.getInt("threads")).isEqualTo(2);
        assertThat(plan.getLong("threshold_bytes")).isEqualTo(104_857_600L);
        assertThat(plan.getInt("files")).isEqualTo(10);
        assertThat(plan.getLong("total_bytes")).isEqualTo(10L * 1024 * 1024);
        assertThat(plan.getString("mode")).isEqualTo("concurrent");
        assertThat(plan.getInt("files_at_once")).isEqualTo(2);
        assertThat(plan.getInt("threads_per_file")).isEqualTo(1);
        assertThat(plan.getString("reason"))
                .isEqualTo("average 1.0 MB <= 100 MB threshold: 2 files at a time x 1 thread");
        assertThat(words.out()).startsWith("Plan (adaptive): 10 files, 10.0 MB, 2 threads");
        try (var s = Files.list(dir)) {
            assertThat(s.filter(p -> p.toString().endsWith(".gz"))).isEmpty();
        }
    }

    @Test
    void aMixedBatchsPlanNamesBothGroups() throws IOException {
        Files.write(dir.resolve("big.bin"), new byte[3 * 1024 * 1024]);
        for (int i = 0; i < 5; i++) {
            Files.write(dir.resolve("small" + i), new byte[1000]);
        }

        Outcome o = run("compress", "--dry-run", "--json", "--threshold", "1M", "-p", "2", dir.toString());

        JSONObject plan = new JSONObject(o.out()).getJSONObject("plan");
        assertThat(plan.getString("mode")).isEqualTo("mixed");
        assertThat(plan.getJSONObject("large").getInt("files")).isEqualTo(1);
        assertThat(plan.getJSONObject("large").getInt("threads_per_file")).isEqualTo(2);
        assertThat(plan.getJSONObject("small").getInt("files")).isEqualTo(5);
        assertThat(plan.getJSONObject("small").getInt("files_at_once")).isEqualTo(2);
    }

    private static Map<String, JSONObject> byName(JSONArray files) {
        Map<String, JSONObject> map = new java.util.HashMap<>();
        for (int i = 0; i < files.length(); i++) {
            JSONObject f = files.getJSONObject(i);
            map.put(Path.of(f.getString("source_path")).getFileName().toString(), f);
        }
        return map;
    }

    @Test
    void humanMessagesNameThePathAndTheCause() {
        Path missing = dir.resolve("nope.txt");

        Outcome o = run("compress", missing.toString());

        assertThat(o.status()).isEqualTo(Cli.FAILED);
        assertThat(o.err()).isEqualTo("pigzfx: " + missing + ": no such file or folder" + System.lineSeparator());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-l 0", "-l 10", "-p 0", "--engine brotli", "-b 1K", "-b 65M", "-b lots", "",
            "--frobnicate x", "--strategy fastest", "--threshold big", "--incompressible maybe"})
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
        Tools.needPigz();
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
        Map<String, JSONObject> files = byName(bad.files());
        assertThat(files.get("good.gz").getString("status")).isEqualTo("success");
        assertThat(files.get("good.gz").getLong("original_size")).isEqualTo(100_000);
        assertThat(files.get("cut.gz").getString("status")).isEqualTo("failed");
        assertThat(files.get("cut.gz").getString("detail")).contains("truncated");
        assertThat(files.get("none.gz").getString("detail")).isEqualTo("no such file or folder");
        assertThat(bad.err()).contains(cut + ": the file is truncated at byte " + bytes.length / 2);
    }

    @Test
    void versionAndHelpExitZero() {
        Outcome version = run("--version");
        Outcome help = run("--help");

        assertThat(version.status()).isZero();
        assertThat(version.out()).startsWith("PigzFX ");
        assertThat(version.out()).contains(dev.pigzfx.engine.LibdeflateEngine.find().isPresent()
                ? "Engine: libdeflate (" : "Engine: zlib, built into Java: libdeflate");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("compress").contains("test");
    }

    @Test
    void existingPathsOpenTheWindowAndAnythingElseIsTheCommandLine() {
        assertThat(Cli.wants(new String[] {"compress", "x"})).isTrue();
        assertThat(Cli.wants(new String[] {"decompress", "x.gz"})).isTrue();
        assertThat(Cli.wants(new String[] {"--version"})).isTrue();
        assertThat(Cli.wants(new String[] {"-dc", "x.gz"})).isTrue();
        assertThat(Cli.wants(new String[] {dir.toString()})).isFalse();
        assertThat(Cli.wants(new String[] {"compres", "notes.txt"})).as("a mistyped command").isTrue();
        assertThat(Cli.wants(new String[] {dir.resolve("moved away.txt").toString()}))
                .as("a path that is gone: the window says it cannot find it").isFalse();
    }

    @Test
    void aMistypedCommandSaysSoAndExitsTwo() {
        Outcome o = run("compres", "notes.txt");

        assertThat(o.status()).isEqualTo(Cli.USAGE);
        assertThat(o.err()).startsWith("pigzfx: 'compres' is not a command, nor a file or folder that exists")
                .contains("compress, decompress, test");
    }

    @Test
    void aBadOptionIsOneLineAndAHintNotTheWholeHelp() {
        Outcome o = run("compress", "--levle", "9", "x");

        assertThat(o.status()).isEqualTo(Cli.USAGE);
        assertThat(o.err().lines().toList()).hasSize(2);
        assertThat(o.err()).contains("--levle").contains("Try 'pigzfx compress --help' for more.");
    }

    @Test
    void anArchiveOfAFolderIsMadeTestedAndExtractedBack() throws IOException {
        Path photos = Files.createDirectories(dir.resolve("photos/2026"));
        byte[] a = Samples.text(300_000, 11);
        byte[] b = Samples.random(50_000, 12);
        Files.write(photos.resolve("a.txt"), a);
        Files.write(dir.resolve("photos/b.bin"), b);

        Outcome made = run("compress", "--archive", "-p", "2", dir.resolve("photos").toString());

        assertThat(made.status()).as(made.err()).isZero();
        Path archive = dir.resolve("photos.tar.gz");
        assertThat(made.out()).contains(archive.toString()).contains("2 files, 2 folders").contains("tested");
        assertThat(photos.resolve("a.txt")).as("originals are kept unless asked").exists();

        Files.move(dir.resolve("photos"), dir.resolve("before"));
        Outcome back = run("decompress", "--extract", "--json", archive.toString());

        assertThat(back.status()).as(back.err()).isZero();
        JSONObject f = back.files().getJSONObject(0);
        assertThat(f.getString("file_path")).isEqualTo(dir.resolve("photos").toString());
        assertThat(f.getString("status")).isEqualTo("success");
        assertThat(Files.readAllBytes(photos.resolve("a.txt"))).isEqualTo(a);
        assertThat(Files.readAllBytes(dir.resolve("photos/b.bin"))).isEqualTo(b);
        assertThat(archive).as("the archive is kept").exists();
    }

    @Test
    void archiveOptionsWithoutTheirModeAreUsageErrors() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "keep me");

        Outcome o = run("compress", "-o", dir.resolve("out.tar.gz").toString(), file.toString());
        Outcome x = run("decompress", "--setuid", file.toString());

        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("-o goes with --archive");
        assertThat(x.status()).isEqualTo(2);
        assertThat(x.err()).contains("--setuid goes with --extract");
        assertThat(file).hasContent("keep me");
        assertThat(dir.resolve("out.tar.gz")).doesNotExist();
        Outcome archiveToStdout = run("compress", "--archive", "-c", dir.toString());
        Outcome extractToStdout = run("decompress", "-x", "-c", file.toString());
        assertThat(archiveToStdout.status()).isEqualTo(2);
        assertThat(archiveToStdout.err()).contains("--archive writes a file");
        assertThat(extractToStdout.status()).isEqualTo(2);
        assertThat(extractToStdout.err()).contains("--extract writes a folder");
    }

    @Test
    void anEntryLeadingOutOfTheFolderFailsTheExtractionAndIsNamed() throws IOException {
        Path archive = dir.resolve("slip.tar.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(archive));
             var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(out, "UTF-8")) {
            for (String name : List.of("../../outside.txt", "inside.txt")) {
                var e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(name, true);
                e.setSize(2);
                tar.putArchiveEntry(e);
                tar.write("hi".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                tar.closeArchiveEntry();
            }
        }

        Outcome o = run("decompress", "-x", "-o", dir.resolve("out").toString(), archive.toString());

        assertThat(o.status()).isEqualTo(1);
        assertThat(o.err()).contains("slip.tar.gz: entry ../../outside.txt refused: its name leads out of the folder");
        assertThat(dir.resolve("out/inside.txt")).hasContent("hi");
        assertThat(dir.getParent().resolve("outside.txt")).doesNotExist();
    }

    @Test
    void serveOnAnotherAddressWithoutATokenIsAUsageError() {
        Outcome o = run("serve", "--bind", "0.0.0.0", "--port", "0");

        assertThat(o.status()).isEqualTo(2);
        assertThat(o.err()).contains("needs a token (--token)");
    }
}

package dev.pigzfx.ui;

import dev.pigzfx.batch.BatchResult;
import dev.pigzfx.batch.Plan;
import dev.pigzfx.batch.Planner;
import dev.pigzfx.batch.ThroughputModel;
import dev.pigzfx.testing.Samples;
import dev.pigzfx.testing.Tools;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

/** The window's state and commands, on real files, with no stage. */
class MainViewModelTest {

    @TempDir
    Path dir;

    private Settings settings;
    private MainViewModel vm;

    @BeforeAll
    static void toolkit() throws Exception {
        Fx.start();
    }

    @BeforeEach
    void viewModel() throws Exception {
        settings = Fx.freshSettings();
        vm = newViewModel(settings);
    }

    @AfterEach
    void forgetSettings() {
        Fx.forget(settings);
    }

    private static MainViewModel newViewModel(Settings settings) throws Exception {
        return Fx.call(() -> new MainViewModel(settings, new Planner(ThroughputModel.Store.inMemory()),
                work -> Thread.ofPlatform().name("test-background").start(work)));
    }

    private Path write(String name, byte[] bytes) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }

    private int add(Path... paths) throws Exception {
        return Fx.call(() -> vm.add(List.of(paths))).get(Fx.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private BatchResult compress() throws Exception {
        return Fx.call(vm::compress).get(Fx.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private FileRow row(String name) throws Exception {
        return Fx.call(() -> vm.rows().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow());
    }

    @Test
    void inDecompressModeTheGzFilesOfAFolderComeBackAndTheirGzGo() throws Exception {
        byte[] a = Samples.text(300_000, 1);
        byte[] b = Samples.random(50_000, 2);
        write("got/a.log.gz", Tools.run(List.of("gzip", "-c"), a).stdout());
        write("got/sub/b.bin.gz", Tools.run(List.of("gzip", "-c"), b).stdout());
        write("got/notes.txt", "not gzip".getBytes());
        Fx.run(() -> vm.modeProperty().set(dev.pigzfx.batch.Mode.DECOMPRESS));

        long gzBytes = Files.size(dir.resolve("got/a.log.gz")) + Files.size(dir.resolve("got/sub/b.bin.gz"));
        add(dir.resolve("got"));
        assertThat(Fx.call(() -> vm.queuedProperty().get())).isEqualTo(2);
        // queued, a .gz shows its own size as the compressed one; the data's is not known yet
        assertThat(row("a.log.gz").compressedSizeProperty().get()).isEqualTo(Files.size(dir.resolve("got/a.log.gz")));
        assertThat(row("a.log.gz").sizeProperty().get()).isEqualTo(FileRow.UNKNOWN);
        assertThat(Fx.call(() -> vm.planTextProperty().get())).contains("(decompress)");
        assertThat(Fx.call(() -> vm.messageProperty().get()))
                .isEqualTo("Passed over 1 file not gzip (no .gz or .tgz suffix).");
        BatchResult result = compress();

        assertThat(result.count(dev.pigzfx.batch.FileStatus.SUCCESS)).isEqualTo(2);
        assertThat(Files.readAllBytes(dir.resolve("got/a.log"))).isEqualTo(a);
        assertThat(Files.readAllBytes(dir.resolve("got/sub/b.bin"))).isEqualTo(b);
        assertThat(dir.resolve("got/a.log.gz")).doesNotExist();
        assertThat(row("a.log.gz").state()).isEqualTo(RowState.DONE);
        assertThat(row("a.log.gz").sizeProperty().get()).isEqualTo(a.length);
        assertThat(Fx.call(() -> vm.summaryProperty().get().text())).startsWith("2 files decompressed");
        // from .gz to data, as the batch went
        assertThat(Fx.call(() -> vm.bytesTextProperty().get())).startsWith(
                dev.pigzfx.batch.Sizes.format(gzBytes) + " → " + dev.pigzfx.batch.Sizes.format(a.length + b.length));
    }

    @Test
    void aFolderAddedAsTheActionChangesIsTakenAsTheNewActionTakesIt() throws Exception {
        write("mixed/a.log.gz", Tools.run(List.of("gzip", "-c"), Samples.text(10_000, 5)).stdout());
        write("mixed/b.log.gz", Tools.run(List.of("gzip", "-c"), Samples.text(10_000, 6)).stdout());

        CompletableFuture<Integer> added = Fx.call(() -> {
            CompletableFuture<Integer> walk = vm.add(List.of(dir.resolve("mixed")));
            vm.modeProperty().set(dev.pigzfx.batch.Mode.DECOMPRESS); // before the walk has come back
            return walk;
        });

        assertThat(added.get(Fx.TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(2);
        assertThat(Fx.call(() -> vm.queuedProperty().get())).isEqualTo(2);
    }

    @Test
    void droppingOnlyGzFilesSwitchesToDecompressAndSwitchingBackPassesThemOver() throws Exception {
        Path gz = write("in/report.csv.gz", Tools.run(List.of("gzip", "-c"), Samples.text(10_000, 3)).stdout());
        Path plain = write("in/notes.txt", Samples.text(1_000, 4));

        Fx.call(() -> vm.drop(List.of(gz))).get(Fx.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(Fx.call(() -> vm.modeProperty().get())).isEqualTo(dev.pigzfx.batch.Mode.DECOMPRESS);
        assertThat(Fx.call(() -> vm.messageProperty().get())).startsWith("Only .gz files were dropped");
        assertThat(row("report.csv.gz").state()).isEqualTo(RowState.QUEUED);
        add(plain);
        FileRow notes = row("notes.txt");
        assertThat(notes.state()).isEqualTo(RowState.SKIPPED);

        Fx.call(() -> {
            vm.modeProperty().set(dev.pigzfx.batch.Mode.COMPRESS);
            return null;
        });
        Fx.await(() -> notes.state() == RowState.QUEUED, notes.stateProperty());

        assertThat(row("report.csv.gz").state()).isEqualTo(RowState.SKIPPED);
        assertThat(row("report.csv.gz").detailProperty().get()).isEqualTo("already has the .gz suffix");
        assertThat(Fx.call(() -> vm.queuedProperty().get())).isEqualTo(1);
    }

    @Test
    void addingAFolderQueuesItsFilesAndShowsWhyOthersAreSkipped() throws Exception {
        write("logs/a.log", Samples.text(10_000, 1));
        write("logs/deep/b.log", Samples.text(20_000, 2));
        write("logs/old.gz", new byte[] {1, 2, 3});
        write("logs/c.log", Samples.text(100, 3));
        write("logs/c.log.gz", new byte[] {4, 5, 6});

        assertThat(add(dir.resolve("logs"))).isEqualTo(3);

        assertThat(Fx.call(() -> vm.queuedProperty().get())).isEqualTo(2);
        assertThat(row("a.log").state()).isEqualTo(RowState.QUEUED);
        assertThat(row("a.log").sizeProperty().get()).isEqualTo(10_000);
        // a file whose .gz exists is a row that says so; the .gz files of the folder are only counted
        assertThat(row("c.log").state()).isEqualTo(RowState.SKIPPED);
        assertThat(row("c.log").detailProperty().get()).contains("c.log.gz already exists");
        assertThat(Fx.call(() -> vm.messageProperty().get()))
                .isEqualTo("Passed over 3 files: 2 already compressed (.gz), 1 skipped with the reason in its row.");
        assertThat(Fx.call(() -> vm.planTextProperty().get())).startsWith("2 files, 29.3 KB");
        assertThat(Fx.call(() -> vm.canCompressProperty().get())).isTrue();
    }

    @Test
    void whileAFolderIsWalkedTheWindowSaysSoAndCancelStopsIt() throws Exception {
        write("logs/a.log", Samples.text(1000, 1));
        BlockingQueue<Runnable> held = new LinkedBlockingQueue<>();
        MainViewModel slow = Fx.call(() -> new MainViewModel(settings, new Planner(ThroughputModel.Store.inMemory()),
                held::add));

        var added = Fx.call(() -> slow.add(List.of(dir.resolve("logs"))));

        assertThat(Fx.call(() -> slow.messageProperty().get())).isEqualTo("Looking for files in " + dir.resolve("logs") + "…");
        assertThat(Fx.call(() -> slow.addingProperty().get())).isTrue();
        assertThat(Fx.call(() -> slow.overallProgressProperty().get())).isNegative();
        assertThat(Fx.call(() -> slow.canCancelProperty().get())).isTrue();
        Fx.run(slow::cancel);
        held.take().run();

        assertThat(added.get(Fx.TIMEOUT_SECONDS, TimeUnit.SECONDS)).isZero();
        assertThat(Fx.call(() -> slow.addingProperty().get())).isFalse();
        assertThat(Fx.call(() -> slow.messageProperty().get())).isEqualTo("Stopped looking for files: nothing was added.");
        assertThat(Fx.call(() -> slow.overallProgressProperty().get())).isZero();
        assertThat(Fx.call(() -> slow.rows().isEmpty())).isTrue();
    }

    @Test
    void aLongTestShowsHowFarItHasRead() throws Exception {
        byte[] gz = Tools.run(List.of("gzip", "-c"), Samples.text(8 << 20, 5)).stdout();
        Path file = write("big.txt.gz", gz);
        BlockingQueue<Runnable> held = new LinkedBlockingQueue<>();
        MainViewModel slow = Fx.call(() -> new MainViewModel(settings, new Planner(ThroughputModel.Store.inMemory()),
                held::add));

        var added = Fx.call(() -> slow.add(List.of(file)));
        held.take().run(); // the walk: the row goes in and its test is handed over
        assertThat(added.get(Fx.TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(1);
        FileRow row = Fx.call(() -> slow.rows().getFirst());
        assertThat(Fx.call(row::state)).isEqualTo(RowState.TESTING);
        assertThat(Fx.call(() -> row.progressProperty().get())).isNegative();
        List<Double> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        Fx.run(() -> row.progressProperty().addListener((o, was, now) -> seen.add(now.doubleValue())));

        held.take().run(); // the test, on this thread
        Fx.await(() -> row.state() == RowState.TESTED, row.stateProperty());

        assertThat(seen).as("progress shown while testing").anyMatch(p -> p > 0 && p < 1);
        assertThat(seen).isSorted();
        assertThat(Fx.call(() -> row.progressProperty().get())).isEqualTo(1.0);
    }

    @Test
    void aGzFileOpenedOnItsOwnIsTestedAndShowsItsCrcOrWhatIsWrong() throws Exception {
        byte[] original = Samples.text(300_000, 4);
        byte[] gz = Tools.run(List.of("gzip", "-c"), original).stdout();
        Path good = write("good.txt.gz", gz);
        Path damaged = write("damaged.txt.gz", java.util.Arrays.copyOf(gz, gz.length / 2));
        write("folder/inside.gz", gz);

        assertThat(add(good, damaged, dir.resolve("folder"))).isEqualTo(2);
        FileRow goodRow = row("good.txt.gz");
        FileRow damagedRow = row("damaged.txt.gz");
        Fx.await(() -> goodRow.state() != RowState.TESTING && damagedRow.state() != RowState.TESTING,
                goodRow.stateProperty(), damagedRow.stateProperty());

        CRC32 crc = new CRC32();
        crc.update(original);
        assertThat(goodRow.state()).isEqualTo(RowState.TESTED);
        assertThat(goodRow.integrityProperty().get()).isEqualTo(String.format(Locale.ROOT, "verified, CRC-32 %08x", crc.getValue()));
        assertThat(goodRow.sizeProperty().get()).isEqualTo(original.length);
        assertThat(goodRow.compressedSizeProperty().get()).isEqualTo(gz.length);
        assertThat(damagedRow.state()).isEqualTo(RowState.FAILED);
        assertThat(damagedRow.integrityProperty().get()).contains("truncated");
        // what is known of it: its own size, not an original's
        assertThat(damagedRow.compressedSizeProperty().get()).isEqualTo(gz.length / 2);
        assertThat(damagedRow.sizeProperty().get()).isEqualTo(FileRow.UNKNOWN);
        // a .gz inside a folder is passed over, not tested; testing touches no file and queues nothing
        assertThat(Fx.call(() -> vm.rows().size())).isEqualTo(2);
        assertThat(Fx.call(() -> vm.canCompressProperty().get())).isFalse();
        assertThat(Files.readAllBytes(good)).isEqualTo(gz);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("good.txt.gz", "damaged.txt.gz", "folder");
        }

        // mended, then retried: tested again
        Files.write(damaged, gz);
        Fx.run(() -> vm.retry(List.of(damagedRow)));
        Fx.await(() -> damagedRow.state() == RowState.TESTED, damagedRow.stateProperty());
        assertThat(damagedRow.integrityProperty().get()).isEqualTo(goodRow.integrityProperty().get());
        assertThat(damagedRow.compressedSizeProperty().get()).isEqualTo(gz.length);
        assertThat(damagedRow.sizeProperty().get()).isEqualTo(original.length);
    }

    @Test
    void addingTheSameFilesAgainAddsNoSecondRow() throws Exception {
        Path a = write("a.txt", Samples.text(1000, 1));
        add(a);

        assertThat(add(a, dir)).isZero();

        assertThat(Fx.call(() -> vm.rows().size())).isEqualTo(1);
        assertThat(Fx.call(() -> vm.messageProperty().get())).contains("already in the list");
    }

    @Test
    void aMissingPathIsAFailedRowThatSaysSo() throws Exception {
        add(dir.resolve("nowhere.txt"));

        FileRow row = row("nowhere.txt");
        assertThat(row.state()).isEqualTo(RowState.FAILED);
        assertThat(row.detailProperty().get()).contains("no such file");
        assertThat(Fx.call(() -> vm.canCompressProperty().get())).isFalse();
    }

    @Test
    void thePlanFollowsTheOptions() throws Exception {
        for (int i = 0; i < 6; i++) {
            write("f" + i + ".txt", Samples.text(5000, i));
        }
        add(dir);
        Fx.run(() -> vm.threadsProperty().set(2));
        assertThat(Fx.call(() -> vm.planTextProperty().get())).contains("6 files").contains("2 threads")
                .contains("2 files at a time x 1 thread");

        Fx.run(() -> vm.threadsProperty().set(1));
        assertThat(Fx.call(() -> vm.planTextProperty().get())).contains("1 thread").doesNotContain("2 files at a time");

        Fx.run(() -> {
            vm.threadsProperty().set(2);
            vm.strategyProperty().set(Plan.Strategy.CLASSIC);
        });
        assertThat(Fx.call(() -> vm.planTextProperty().get())).contains("average");
    }

    @Test
    void compressingTakesEveryRowToDoneWithItsRatioAndVerifiedCrc() throws Exception {
        byte[] a = Samples.text(300_000, 1);
        byte[] b = Samples.text(50_000, 2);
        Path fa = write("a.log", a);
        Path fb = write("sub/b.log", b);
        Path empty = write("empty.txt", new byte[0]);
        add(dir);

        BatchResult result = compress();

        assertThat(result.results()).hasSize(3);
        FileRow row = row("a.log");
        assertThat(row.state()).isEqualTo(RowState.DONE);
        assertThat(row.ratioProperty().get()).isBetween(0.05, 0.6);
        assertThat(row.progressProperty().get()).isEqualTo(1.0);
        CRC32 crc = new CRC32();
        crc.update(a);
        assertThat(row.integrityProperty().get())
                .isEqualTo(String.format(Locale.ROOT, "verified, CRC-32 %08x", crc.getValue()));
        assertThat(Tools.gunzip(Files.readAllBytes(dir.resolve("a.log.gz")))).isEqualTo(a);
        assertThat(Tools.gunzip(Files.readAllBytes(dir.resolve("sub/b.log.gz")))).isEqualTo(b);
        assertThat(fa).doesNotExist();
        assertThat(fb).doesNotExist();
        assertThat(empty).doesNotExist();
        assertThat(row("empty.txt").state()).isEqualTo(RowState.DONE);

        assertThat(Fx.call(() -> vm.overallProgressProperty().get())).isEqualTo(1.0);
        assertThat(Fx.call(() -> vm.filesTextProperty().get())).isEqualTo("3 of 3 files");
        // the note says what the footer says, in its format: one source of figures
        String footer = Fx.call(() -> "3 files compressed: " + vm.bytesTextProperty().get() + " in "
                + vm.timeTextProperty().get().replace(" elapsed", "") + ", " + vm.speedTextProperty().get());
        assertThat(Fx.call(() -> vm.summaryProperty().get().text())).isEqualTo(footer).contains(" → ");
        assertThat(Fx.call(() -> vm.canCompressProperty().get())).isFalse();
        assertThat(Fx.call(() -> vm.phaseProperty().get())).isEqualTo(MainViewModel.Phase.IDLE);
    }

    @Test
    void keepOriginalsKeepsThemBesideTheirGz() throws Exception {
        Path a = write("a.log", Samples.text(100_000, 1));
        add(a);
        Fx.run(() -> vm.keepProperty().set(true));

        compress();

        assertThat(a).exists();
        assertThat(dir.resolve("a.log.gz")).exists();
        assertThat(row("a.log").state()).isEqualTo(RowState.DONE);
    }

    @Test
    void aFileThatFailsIsShownWithItsReasonWhileTheOthersFinish() throws Exception {
        Path a = write("a.log", Samples.text(100_000, 1));
        Path gone = write("gone.log", Samples.text(100_000, 2));
        add(dir);
        Files.delete(gone);

        compress();

        FileRow failed = row("gone.log");
        assertThat(failed.state()).isEqualTo(RowState.FAILED);
        assertThat(failed.integrityProperty().get()).contains("no such file");
        assertThat(row("a.log").state()).isEqualTo(RowState.DONE);
        assertThat(a).doesNotExist();
        assertThat(Fx.call(() -> vm.failedCountProperty().get())).isEqualTo(1);
        assertThat(Fx.call(() -> vm.summaryProperty().get().failed())).isEqualTo(1);

        Fx.run(() -> vm.onlyFailedProperty().set(true));
        assertThat(Fx.call(() -> vm.visibleRows().stream().map(FileRow::name).toList())).containsExactly("gone.log");
    }

    @Test
    void retryPutsAFailedFileBackInTheQueue() throws Exception {
        Path gone = write("gone.log", Samples.text(50_000, 2));
        byte[] again = Samples.text(60_000, 3);
        add(gone);
        Files.delete(gone);
        compress();
        assertThat(row("gone.log").state()).isEqualTo(RowState.FAILED);

        Files.write(gone, again);
        Fx.run(() -> vm.retry(List.of(vm.rows().getFirst())));
        assertThat(row("gone.log").state()).isEqualTo(RowState.QUEUED);
        assertThat(row("gone.log").sizeProperty().get()).isEqualTo(60_000);
        compress();

        assertThat(row("gone.log").state()).isEqualTo(RowState.DONE);
        assertThat(Tools.gunzip(Files.readAllBytes(dir.resolve("gone.log.gz")))).isEqualTo(again);
    }

    @Test
    void cancelStopsTheBatchAndLeavesEveryOriginalAndNoTemporaryFile() throws Exception {
        byte[] big = Samples.text(64 << 20, 7);
        Path file = write("big.log", big);
        write("small.log", Samples.text(1000, 8));
        add(dir);
        Fx.run(() -> Fx.slowest(vm));
        FileRow bigRow = row("big.log");

        var done = Fx.call(vm::compress);
        assertThat(Fx.call(() -> vm.canCancelProperty().get())).isTrue();
        assertThat(Fx.call(() -> vm.canEditProperty().get())).isFalse();
        Fx.await(() -> bigRow.progressProperty().get() > 0, bigRow.progressProperty());
        Fx.run(vm::cancel);
        done.get(Fx.TIMEOUT_SECONDS, TimeUnit.SECONDS);

        assertThat(bigRow.state()).isEqualTo(RowState.CANCELLED);
        assertThat(Files.readAllBytes(file)).isEqualTo(big);
        assertThat(dir.resolve("big.log.gz")).doesNotExist();
        try (Stream<Path> all = Files.list(dir)) {
            assertThat(all.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".pigzfx-tmp"));
        }
        assertThat(Fx.call(() -> vm.summaryProperty().get().title())).isEqualTo("Cancelled");
        assertThat(Fx.call(() -> vm.phaseProperty().get())).isEqualTo(MainViewModel.Phase.IDLE);
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "Windows files have no set-user-ID bit")
    void aKeptOriginalAndASkippedFileSayWhyInTheirRows() throws Exception {
        Path linked = write("linked.txt", Samples.text(20_000, 3));
        Files.createLink(dir.resolve("other name.txt"), linked);
        Path tool = write("tool", Samples.text(20_000, 4));
        Files.setAttribute(tool, "unix:mode", 04755);
        add(linked, tool);

        compress();

        assertThat(row("linked.txt").state()).isEqualTo(RowState.DONE);
        assertThat(row("linked.txt").integrityProperty().get()).startsWith("verified, CRC-32 ")
                .endsWith("; original kept: it has 2 hard links");
        assertThat(row("tool").state()).isEqualTo(RowState.SKIPPED);
        assertThat(row("tool").integrityProperty().get()).startsWith("has the set-user-ID bit");
        assertThat(linked).exists();
        assertThat(tool).exists();
    }

    @Test
    void aFileThatGrewSaysByHowMuchAndWhy() throws Exception {
        Path noise = write("noise.bin", Samples.random(2 << 20, 6));
        add(noise);

        compress();

        FileRow row = row("noise.bin");
        assertThat(row.state()).isEqualTo(RowState.DONE);
        assertThat(row.compressedSizeProperty().get()).isGreaterThan(row.sizeProperty().get());
        assertThat(row.integrityProperty().get()).startsWith("verified, CRC-32 ").contains("; grew by ")
                .endsWith("; incompressible data: compressed at level 1");
    }

    @Test
    void incompressibleDataCanBeSkippedAndTheChoiceIsRemembered() throws Exception {
        Path noise = write("noise.bin", Samples.random(2 << 20, 8));
        add(noise);
        Fx.run(() -> vm.incompressibleProperty().set(dev.pigzfx.batch.Incompressible.SKIP));

        compress();

        assertThat(row("noise.bin").state()).isEqualTo(RowState.SKIPPED);
        assertThat(row("noise.bin").integrityProperty().get()).startsWith("incompressible data");
        assertThat(noise).exists();
        assertThat(dir.resolve("noise.bin.gz")).doesNotExist();
        assertThat(newViewModel(settings).incompressibleProperty().get())
                .isEqualTo(dev.pigzfx.batch.Incompressible.SKIP);
    }

    @Test
    void exportsTheResultsAsJsonAndCsv() throws Exception {
        write("a.log", Samples.text(100_000, 1));
        write("b.log", Samples.text(100_000, 2));
        Path gone = write("gone.log", Samples.text(10, 3));
        add(dir);
        Files.delete(gone);
        compress();

        Path json = dir.resolve("out/results.json");
        Path csv = dir.resolve("out/results.csv");
        Files.createDirectories(json.getParent());
        Fx.run(() -> {
            try {
                vm.exportJson(json);
                vm.exportCsv(csv);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        assertThat(Fx.call(() -> vm.messageProperty().get())).isEqualTo("Wrote the results of 3 files to " + csv + ".");
        JSONArray files = new JSONObject(Files.readString(json)).getJSONArray("files");
        assertThat(files.length()).isEqualTo(3);
        List<String> statuses = Stream.iterate(0, i -> i + 1).limit(3)
                .map(i -> files.getJSONObject(i).getString("status")).sorted().toList();
        assertThat(statuses).containsExactly("failed", "success", "success");
        assertThat(new JSONObject(Files.readString(json)).getJSONArray("batches").getJSONObject(0)
                .getJSONObject("plan").getInt("files"))
                .isEqualTo(3);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(4);
        assertThat(lines.getFirst()).startsWith("file_path,source_path,status,original_size");
        assertThat(lines).anyMatch(l -> l.contains("a.log.gz") && l.contains(",success,"));
        try (Stream<Path> out = Files.list(json.getParent())) {
            assertThat(out).hasSize(2);
        }
    }

    @Test
    void anExportOfTwoBatchesGivesEachFileItsOwnBatchAndNoGzPathForAFailure() throws Exception {
        write("a.log", Samples.text(100_000, 1));
        add(dir);
        compress();
        Path gone = write("later.log", Samples.text(100_000, 2));
        add(gone);
        Files.delete(gone);
        compress();

        Path json = dir.resolve("results.json");
        Fx.run(() -> {
            try {
                vm.exportJson(json);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });

        JSONObject exported = new JSONObject(Files.readString(json));
        JSONArray files = exported.getJSONArray("files");
        JSONArray batches = exported.getJSONArray("batches");
        assertThat(batches.length()).isEqualTo(2);
        JSONObject first = files.getJSONObject(0);
        JSONObject second = files.getJSONObject(1);
        assertThat(first.getString("file_path")).isEqualTo(dir.resolve("a.log.gz").toString());
        assertThat(first.getInt("batch")).isEqualTo(1);
        assertThat(batches.getJSONObject(0).getJSONObject("plan").getLong("total_bytes")).isEqualTo(100_000);
        assertThat(second.getString("status")).isEqualTo("failed");
        assertThat(second.isNull("file_path")).isTrue();
        assertThat(second.getString("source_path")).isEqualTo(gone.toString());
        assertThat(second.getInt("batch")).isEqualTo(2);
    }

    @Test
    void theOptionsAreRememberedForTheNextStart() throws Exception {
        Fx.run(() -> {
            vm.levelProperty().set(9);
            vm.keepProperty().set(true);
            vm.threadsProperty().set(1);
            vm.strategyProperty().set(Plan.Strategy.CLASSIC);
            vm.themeProperty().set(Theme.DARK);
        });

        MainViewModel next = newViewModel(settings);

        assertThat(Fx.call(() -> next.levelProperty().get())).isEqualTo(9);
        assertThat(Fx.call(() -> next.keepProperty().get())).isTrue();
        assertThat(Fx.call(() -> next.threadsProperty().get())).isEqualTo(1);
        assertThat(Fx.call(() -> next.strategyProperty().get())).isEqualTo(Plan.Strategy.CLASSIC);
        assertThat(Fx.call(() -> next.themeProperty().get())).isEqualTo(Theme.DARK);
    }

    @Test
    void clearEmptiesTheListButTouchesNoFile() throws Exception {
        Path a = write("a.log", Samples.text(1000, 1));
        add(a);

        Fx.run(vm::clear);

        assertThat(Fx.call(() -> vm.rows().isEmpty())).isTrue();
        assertThat(a).exists();
        assertThat(Fx.call(() -> vm.canCompressProperty().get())).isFalse();
    }

    @Test
    void oneArchiveOfAFolderIsMadeNamedAfterItAndItsRowsSayTheyAreInIt() throws Exception {
        byte[] a = Samples.text(400_000, 21);
        byte[] b = Samples.random(60_000, 22);
        write("photos/2026/a.txt", a);
        write("photos/b.bin", b);
        Files.createDirectories(dir.resolve("photos/empty"));
        add(dir.resolve("photos"));
        Fx.run(() -> vm.oneArchiveProperty().set(true));

        Path archive = dir.resolve("photos.tar.gz");
        assertThat(Fx.call(() -> vm.archiveTargetProperty().get())).isEqualTo(archive);
        assertThat(Fx.call(() -> vm.planTextProperty().get())).startsWith("One archive, photos.tar.gz in " + dir);
        BatchResult result = compress();

        assertThat(result.count(dev.pigzfx.batch.FileStatus.SUCCESS)).isEqualTo(1);
        FileRow archiveRow = Fx.call(() -> vm.rows().getFirst());
        assertThat(archiveRow.name()).isEqualTo("photos.tar.gz");
        assertThat(archiveRow.state()).isEqualTo(RowState.DONE);
        assertThat(archiveRow.integrityProperty().get()).startsWith("verified, CRC-32");
        assertThat(row("a.txt").state()).isEqualTo(RowState.DONE);
        assertThat(row("a.txt").integrityProperty().get()).isEqualTo("in photos.tar.gz, tested");
        assertThat(dir.resolve("photos/2026/a.txt")).as("an archive keeps the originals").exists();
        assertThat(Fx.call(() -> vm.summaryProperty().get().text())).startsWith("1 archive made and tested");
        Tools.Run list = Tools.run(List.of("tar", "-tzf", archive.toString()), new byte[0]);
        assertThat(new String(list.stdout()).lines()).containsExactly("photos/", "photos/2026/", "photos/2026/a.txt",
                "photos/b.bin", "photos/empty/");
        assertThat(Fx.call(() -> vm.queuedProperty().get())).isZero();
        assertThat(Fx.call(() -> vm.canCompressProperty().get())).as("nothing is left to run again").isFalse();
    }

    @Test
    void aRowRemovedIsLeftOutOfTheArchiveAndTheArchiveCanBeNamed() throws Exception {
        write("docs/keep.txt", Samples.text(10_000, 23));
        write("docs/drop.txt", Samples.text(10_000, 24));
        add(dir.resolve("docs"));
        Fx.run(() -> {
            vm.oneArchiveProperty().set(true);
            vm.remove(vm.rows().stream().filter(r -> r.name().equals("drop.txt")).toList());
            vm.nameArchive(dir.resolve("out/backup.tar.gz"));
        });
        Files.createDirectories(dir.resolve("out"));

        compress();

        Tools.Run list = Tools.run(List.of("tar", "-tzf", dir.resolve("out/backup.tar.gz").toString()), new byte[0]);
        assertThat(new String(list.stdout()).lines()).containsExactly("docs/", "docs/keep.txt");
    }

    @Test
    void decompressUnpacksAnArchiveToAFolderBesideIt() throws Exception {
        write("src/project/readme.txt", "read me".getBytes());
        Path archive = dir.resolve("project.tar.gz");
        assertThat(Tools.run(List.of("tar", "-C", dir.resolve("src").toString(), "-czf", archive.toString(), "project"),
                new byte[0]).status()).isZero();
        Fx.run(() -> vm.modeProperty().set(dev.pigzfx.batch.Mode.DECOMPRESS));
        add(archive);

        compress();

        assertThat(dir.resolve("project/readme.txt")).hasContent("read me");
        assertThat(archive).as("the archive is kept").exists();
        assertThat(row("project.tar.gz").state()).isEqualTo(RowState.DONE);
        assertThat(row("project.tar.gz").detailProperty().get()).startsWith("1 file, 1 folder");
    }

    @Test
    void whenAnotherActionTakesNoneOfTheFilesTheFooterNoLongerCountsThemQueued() throws Exception {
        write("plain/a.txt", Samples.text(1_000, 31));
        write("plain/b.txt", Samples.text(1_000, 32));
        add(dir.resolve("plain"));
        assertThat(Fx.call(() -> vm.filesTextProperty().get())).startsWith("2 files queued");

        Fx.run(() -> vm.modeProperty().set(dev.pigzfx.batch.Mode.DECOMPRESS));
        Fx.await(() -> vm.queuedProperty().get() == 0, vm.queuedProperty());

        assertThat(Fx.call(() -> vm.filesTextProperty().get())).doesNotContain("queued");
        Fx.run(() -> vm.modeProperty().set(dev.pigzfx.batch.Mode.COMPRESS));
        Fx.await(() -> vm.queuedProperty().get() == 2, vm.queuedProperty());
        assertThat(Fx.call(() -> vm.filesTextProperty().get())).startsWith("2 files queued");
    }

    @Test
    void anArchiveNamedAfterTheListNeverReplacesAFile() throws Exception {
        write("photos/a.txt", Samples.text(5_000, 41));
        Path earlier = Files.writeString(dir.resolve("photos.tar.gz"), "someone's earlier archive");
        add(dir.resolve("photos"));
        Fx.run(() -> vm.oneArchiveProperty().set(true));

        assertThat(Fx.call(() -> vm.archiveTargetProperty().get())).isEqualTo(dir.resolve("photos (2).tar.gz"));
        compress();

        assertThat(earlier).hasContent("someone's earlier archive");
        Tools.Run list = Tools.run(List.of("tar", "-tzf", dir.resolve("photos (2).tar.gz").toString()), new byte[0]);
        assertThat(new String(list.stdout()).lines()).containsExactly("photos/", "photos/a.txt");
    }

    @Test
    void theApiSwitchStartsAndStopsTheServerAndShowsItsAddress() throws Exception {
        settings.saveApiPort(0);
        vm = newViewModel(settings);

        Fx.run(() -> vm.apiOnProperty().set(true));
        Fx.await(() -> !vm.apiAddressProperty().get().isEmpty(), vm.apiAddressProperty());
        String docs = Fx.call(() -> vm.apiAddressProperty().get());
        java.net.URI health = java.net.URI.create(docs.replace("/docs", "/health"));

        assertThat(docs).startsWith("http://127.0.0.1:").endsWith("/docs");
        try (var in = health.toURL().openStream()) {
            assertThat(new String(in.readAllBytes())).contains("\"status\": \"ok\"");
        }
        assertThat(settings.apiOn()).as("remembered").isTrue();

        Fx.run(() -> vm.apiOnProperty().set(false));
        assertThat(Fx.call(() -> vm.apiAddressProperty().get())).isEmpty();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(Fx.TIMEOUT_SECONDS);
        boolean refused = false;
        while (!refused && System.nanoTime() < deadline) {
            try (var socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), health.getPort())) {
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000); // still closing: look again
            } catch (java.net.ConnectException e) {
                refused = true;
            }
        }
        assertThat(refused).as("the port is closed once the API is off").isTrue();
    }

    @Test
    void anApiThatCannotStartSaysWhyAndTurnsItsSwitchOff() throws Exception {
        try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            settings.saveApiPort(taken.getLocalPort());
            vm = newViewModel(settings);

            Fx.run(() -> vm.apiOnProperty().set(true));
            Fx.await(() -> !vm.apiOnProperty().get(), vm.apiOnProperty());

            assertThat(Fx.call(() -> vm.messageProperty().get()))
                    .startsWith("The API could not start on port " + taken.getLocalPort());
        }
    }
}

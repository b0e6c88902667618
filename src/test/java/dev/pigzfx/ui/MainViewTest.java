package dev.pigzfx.ui;

import dev.pigzfx.batch.Planner;
import dev.pigzfx.batch.ThroughputModel;
import dev.pigzfx.testing.Samples;
import dev.pigzfx.testing.Tools;
import javafx.css.PseudoClass;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Labeled;
import javafx.scene.control.Slider;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** The real window on JavaFX's headless platform, driven by keys, clicks and a drop as a user would. */
class MainViewTest {

    @TempDir
    Path dir;

    private final FxRobot robot = new FxRobot();
    private final List<String> opened = new ArrayList<>();
    /** What "Show in folder" does: records the folder, as a file manager would open it. */
    private java.util.function.Consumer<String> opener = opened::add;
    private Settings settings;
    private MainViewModel vm;
    private Stage stage;

    @BeforeAll
    static void toolkit() throws Exception {
        Fx.start();
    }

    @BeforeEach
    void window() throws Exception {
        settings = Fx.freshSettings();
        vm = Fx.call(() -> new MainViewModel(settings, new Planner(ThroughputModel.Store.inMemory()),
                work -> Thread.ofPlatform().name("test-background").start(work)));
        stage = FxToolkit.registerStage(Stage::new);
        Fx.run(() -> {
            Themes.follow(vm.themeProperty());
            stage.setScene(new Scene(MainView.load(vm, uri -> opener.accept(uri)), 1000, 700));
            stage.show();
            stage.toFront();
            stage.requestFocus();
        });
        Fx.settle();
    }

    @AfterEach
    void close() throws Exception {
        Fx.run(() -> {
            vm.cancel();
            stage.close();
        });
        Fx.forget(settings);
    }

    private <T extends javafx.scene.Node> T find(String query) {
        return robot.lookup(query).query();
    }

    private Path write(String name, byte[] bytes) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }

    private void add(Path... paths) throws Exception {
        Fx.call(() -> vm.add(List.of(paths))).get();
    }

    /** A big file queued to be compressed as slowly as the engines allow, so that a test can act while it is in hand. */
    private record Queued(Path file, byte[] bytes, FileRow row) {
    }

    private Queued queueSlowFile(int seed) throws Exception {
        byte[] big = Samples.text(48 << 20, seed);
        Path file = write("big.log", big);
        add(file);
        Fx.run(() -> {
            Fx.slowest(vm);
            PigzFxApp.cancelOnClose(stage, vm);
        });
        return new Queued(file, big, Fx.call(() -> vm.rows().getFirst()));
    }

    /** The original as it was, beside it neither a {@code .gz} nor a temporary file. */
    static void assertOnlyTheOriginalIsLeft(Path original, byte[] bytes) throws IOException {
        assertThat(Files.readAllBytes(original)).isEqualTo(bytes);
        try (var left = Files.list(original.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly(original.getFileName().toString());
        }
    }

    @Test
    void aGzOpenedIntoALongListIsBroughtIntoViewAndSelected() throws Exception {
        for (int i = 0; i < 300; i++) {
            write("many/file-" + i + ".txt", ("file " + i).getBytes());
        }
        add(dir.resolve("many"));
        Path gz = dir.resolve("opened.txt.gz");
        Files.write(gz, Tools.run(List.of("gzip", "-c"), Samples.text(10_000, 3)).stdout());

        add(gz);
        FileRow row = Fx.call(() -> vm.rows().getLast());
        Fx.await(() -> row.state() == RowState.TESTED, row.stateProperty());
        TableView<FileRow> table = find("#table");
        Fx.run(table::layout); // what a pulse would do: the virtual flow makes the cells of the rows in view

        assertThat(Fx.call(() -> List.copyOf(table.getSelectionModel().getSelectedItems()))).containsExactly(row);
        // the virtual flow makes cells only for the rows in view
        List<Object> inView = Fx.call(() -> robot.lookup(".table-row-cell").queryAll().stream()
                .map(n -> (Object) ((javafx.scene.control.TableRow<?>) n).getItem()).toList());
        assertThat(inView).contains(row);
    }

    @Test
    void theFileBeingCompressedIsKeptInViewFarDownALongList() throws Exception {
        for (int i = 0; i < 300; i++) {
            write("many/file-" + i + ".txt", ("file " + i).getBytes());
        }
        add(dir.resolve("many"));
        queueSlowFile(4);
        FileRow big = Fx.call(() -> vm.rows().stream().filter(r -> r.name().equals("big.log")).findFirst().orElseThrow());

        Fx.call(vm::compress);
        Fx.await(() -> big.progressProperty().get() > 0, big.progressProperty());
        TableView<FileRow> table = find("#table");
        Fx.run(table::layout); // what a pulse would do: the virtual flow makes the cells of the rows in view

        List<Object> inView = Fx.call(() -> robot.lookup(".table-row-cell").queryAll().stream()
                .map(n -> (Object) ((javafx.scene.control.TableRow<?>) n).getItem()).toList());
        assertThat(inView).contains(big);
        Fx.run(vm::cancel);
        Fx.await(() -> vm.phaseProperty().get() == MainViewModel.Phase.IDLE, vm.phaseProperty());
    }

    @Test
    void theMainButtonSaysMakeArchiveWhenOneArchiveIsChosenAndKeepsItsWidth() throws Exception {
        Button main = find("#compressButton");
        double width = Fx.call(main::getWidth);

        Fx.run(() -> vm.oneArchiveProperty().set(true));
        Fx.run(() -> stage.getScene().getRoot().layout());
        String archiving = Fx.call(main::getText);
        double archivingWidth = Fx.call(main::getWidth);
        Fx.run(() -> vm.oneArchiveProperty().set(false));
        Fx.run(() -> stage.getScene().getRoot().layout());

        assertThat(archiving).isEqualTo("Make archive");
        assertThat(Fx.call(main::getText)).isEqualTo("Compress");
        assertThat(archivingWidth).isEqualTo(width);
    }

    @Test
    void nothingMovesWhenAnOptionChanges() throws Exception {
        ComboBox<Integer> threads = find("#threadsChoice");
        ComboBox<Theme> theme = find("#themeChoice");
        double threadsX = Fx.call(() -> threads.localToScene(0, 0).getX());
        double themeWidth = Fx.call(theme::getWidth);

        Fx.run(() -> vm.keepProperty().set(!vm.keepProperty().get()));
        Fx.run(() -> stage.getScene().getRoot().layout());
        assertThat(Fx.call(() -> threads.localToScene(0, 0).getX())).isEqualTo(threadsX);

        write("docs/a.txt", "a".getBytes());
        add(dir.resolve("docs"));
        javafx.scene.control.Slider level = find("#levelSlider");
        double levelX = Fx.call(() -> level.localToScene(0, 0).getX());
        for (Runnable change : List.<Runnable>of(() -> vm.oneArchiveProperty().set(!vm.oneArchiveProperty().get()),
                () -> vm.modeProperty().set(dev.pigzfx.batch.Mode.DECOMPRESS),
                () -> vm.unpackArchivesProperty().set(!vm.unpackArchivesProperty().get()),
                () -> vm.modeProperty().set(dev.pigzfx.batch.Mode.TEST),
                () -> vm.modeProperty().set(dev.pigzfx.batch.Mode.COMPRESS),
                () -> vm.oneArchiveProperty().set(!vm.oneArchiveProperty().get()))) {
            Fx.run(change);
            Fx.run(() -> stage.getScene().getRoot().layout());
            assertThat(Fx.call(() -> level.localToScene(0, 0).getX())).isEqualTo(levelX);
        }

        Fx.run(() -> vm.themeProperty().set(Theme.DARK));
        Fx.run(() -> javafx.application.Application.setUserAgentStylesheet(
                new atlantafx.base.theme.PrimerDark().getUserAgentStylesheet()));
        try {
            Fx.run(() -> {
                stage.getScene().getRoot().applyCss();
                stage.getScene().getRoot().layout();
            });
            assertThat(Fx.call(theme::getWidth)).isEqualTo(themeWidth);
            assertThat(Fx.call(() -> threads.localToScene(0, 0).getX())).isEqualTo(threadsX);
        } finally {
            Fx.run(() -> javafx.application.Application.setUserAgentStylesheet(
                    new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet()));
        }
    }

    @Test
    void atTheNarrowestWidthNoLabelOrChoiceIsCut() throws Exception {
        write("docs/a-file.txt", "a".getBytes());
        add(dir);
        Fx.run(() -> vm.rows().getFirst().finish(new dev.pigzfx.batch.FileResult(
                vm.rows().getFirst().path(), null, dev.pigzfx.batch.FileStatus.CANCELLED, 153_000_000, 0, 0, true,
                "", 0)));
        Fx.run(() -> {
            stage.setWidth(PigzFxApp.MIN_WIDTH);
            stage.getScene().getRoot().applyCss();
            stage.getScene().getRoot().layout();
        });

        List<String> cut = Fx.call(() -> {
            List<String> found = new ArrayList<>();
            // a label shows its text in a Text node: cut, that node holds less than the label's text
            for (javafx.scene.Node n : stage.getScene().getRoot().lookupAll(".text")) {
                if (n instanceof javafx.scene.text.Text t && t.getParent() instanceof Labeled owner
                        && owner.getWidth() > 0 && !owner.getStyleClass().contains("folder-cell")
                        && !owner.getStyleClass().contains("integrity-cell")
                        && !owner.getStyleClass().contains("plan")
                        // an archive's long name is shortened, its whole path in the tooltip
                        && !owner.getStyleClass().contains("archive-link") && owner.getText() != null
                        && !owner.getText().isEmpty() && !owner.getText().equals(t.getText())) {
                    found.add(owner.getText() + " -> " + t.getText());
                }
            }
            return found;
        });

        assertThat(cut).isEmpty();
    }

    @Test
    void theFilterFindsFilesAsTheUserTypesAndTheFooterKeepsTheWholeList() throws Exception {
        for (int i = 0; i < 20; i++) {
            write("notes/notes-" + i + ".txt", ("note " + i).getBytes());
        }
        for (int i = 0; i < 3; i++) {
            write("reports/Report-" + i + ".csv", ("report " + i).getBytes());
        }
        add(dir);
        TableView<FileRow> table = find("#table");
        String footer = this.<Label>find("#filesLabel").getText();
        assertThat(Fx.call(() -> table.getItems().size())).isEqualTo(23);

        robot.clickOn("#filterField").write("report");
        assertThat(Fx.call(() -> table.getItems().stream().map(FileRow::name).sorted().toList()))
                .containsExactly("Report-0.csv", "Report-1.csv", "Report-2.csv");
        Fx.run(() -> vm.filterTextProperty().set("notes"));
        assertThat(Fx.call(() -> table.getItems().size())).as("a folder's name finds its files").isEqualTo(20);

        Fx.run(() -> vm.filterStateProperty().set(RowFilter.FAILED));
        assertThat(Fx.call(() -> table.getItems().size())).isZero();
        assertThat(this.<Label>find("#filesLabel").getText()).isEqualTo(footer);
        assertThat(Fx.call(() -> ((Label) table.getPlaceholder()).getText())).isEqualTo("No files match the filter.");

        Fx.run(() -> vm.filterStateProperty().set(RowFilter.QUEUED));
        robot.clickOn("#filterField").type(KeyCode.ESCAPE);
        assertThat(Fx.call(() -> table.getItems().size())).isEqualTo(23);
    }

    @Test
    void showInFolderWithNoFileManagerSaysSoAndPutsThePathOnTheClipboard() throws Exception {
        Path file = write("docs/a.txt", "a".getBytes());
        add(file);
        opener = uri -> {
            throw new IllegalStateException("no file manager is set up to open it (xdg-open is not installed)");
        };

        Fx.run(() -> stage.getScene().getRoot().layout()); // the row's cells, before the next pulse
        robot.doubleClickOn("a.txt");

        assertThat(this.<Label>find("#messageLabel").getText()).isEqualTo("Cannot show " + file.getParent()
                + ": no file manager is set up to open it (xdg-open is not installed). Its path is on the clipboard.");
        assertThat(Fx.call(() -> javafx.scene.input.Clipboard.getSystemClipboard().getString()))
                .isEqualTo(file.getParent().toString());
    }

    @Test
    void theSummaryNoteCoversNoRowAndGoesWhenClosedOrWhenWorkIsAdded() throws Exception {
        write("a.log", Samples.text(20_000, 1));
        add(dir);
        Fx.call(vm::compress).get();
        javafx.scene.Node note = find(".notification");
        TableView<FileRow> table = find("#table");
        Fx.run(() -> stage.getScene().getRoot().layout());

        assertThat(note.isVisible()).isTrue();
        assertThat(Fx.call(() -> note.localToScene(note.getBoundsInLocal()).getMinY()))
                .as("the note covers no row: it is below the table")
                .isGreaterThanOrEqualTo(Fx.call(() -> table.localToScene(table.getBoundsInLocal()).getMaxY()));
        robot.clickOn("#closeButton");
        assertThat(note.isVisible()).isFalse();

        write("b.log", Samples.text(20_000, 2));
        add(dir.resolve("b.log"));
        Fx.call(vm::compress).get();
        assertThat(note.isVisible()).isTrue();
        write("c.log", Samples.text(20_000, 3));
        add(dir.resolve("c.log"));
        assertThat(note.isVisible()).as("new work: the last batch's note is over").isFalse();
    }

    @Test
    void anEmptyQueueInvitesADropAndOffersNothingToRun() throws Exception {
        Label title = find(".empty-title");
        assertThat(title.getText()).isEqualTo("Drop files or folders here");
        assertThat(title.isVisible()).isTrue();
        assertThat(this.<Button>find("#compressButton").isDisabled()).isTrue();
        assertThat(this.<Button>find("#cancelButton").isDisabled()).isTrue();
        assertThat(this.<Label>find("#planLabel").getText()).contains("Add files or folders");
        assertThat(this.<javafx.scene.Node>find(".notification").isVisible()).isFalse();
    }

    @Test
    void theWindowIconLoadsInEverySize() throws Exception {
        List<javafx.scene.image.Image> icons = Fx.call(PigzFxApp::icons);
        assertThat(icons).allSatisfy(icon -> assertThat(icon.isError()).as("icon failed to load").isFalse());
        assertThat(icons.stream().mapToInt(icon -> (int) icon.getWidth()).toArray()).isEqualTo(PigzFxApp.ICON_SIZES);
        assertThat(icons.stream().mapToInt(icon -> (int) icon.getHeight()).toArray()).isEqualTo(PigzFxApp.ICON_SIZES);
    }

    @Test
    void theSliderAndOptionsAreBoundToTheViewModel() throws Exception {
        Slider slider = find("#levelSlider");
        assertThat(slider.getValue()).isEqualTo(6);

        robot.clickOn(slider.lookup(".thumb"));
        robot.type(KeyCode.RIGHT);
        Fx.settle();
        assertThat(Fx.call(() -> vm.levelProperty().get())).isEqualTo(7);

        Fx.run(() -> vm.levelProperty().set(2));
        assertThat(slider.getValue()).isEqualTo(2);
        assertThat(this.<Label>find("#levelValue").getText()).isEqualTo("2");

        CheckBox keep = find("#keepBox");
        assertThat(this.<Label>find("#keepHint").getText().replace("\n", " ")).contains("removed once their .gz is verified");
        robot.clickOn(keep);
        Fx.settle();
        assertThat(Fx.call(() -> vm.keepProperty().get())).isTrue();
        assertThat(this.<Label>find("#keepHint").getText()).contains("stay");

        // the threads box is bound through a converted property, which must outlive a collection
        System.gc();
        ComboBox<Integer> threads = find("#threadsChoice");
        Fx.run(() -> threads.setValue(1));
        assertThat(Fx.call(() -> vm.threadsProperty().get())).isEqualTo(1);
        Fx.run(() -> vm.threadsProperty().set(0));
        assertThat(Fx.call(threads::getValue)).isZero();
    }

    @Test
    void aDropOfFilesAndAFolderQueuesThemAndHighlightsWhileOver() throws Exception {
        Path one = write("one.txt", Samples.text(2000, 1));
        write("folder/two.txt", Samples.text(3000, 2));
        write("folder/deeper/three.txt", Samples.text(4000, 3));
        StackPane dropArea = find("#dropArea");
        javafx.scene.Node root = find(".main");

        boolean[] highlighted = {false};
        Fx.drop(root, List.of(one.toFile(), dir.resolve("folder").toFile()), () -> {
            Fx.settle();
            highlighted[0] = dropArea.getPseudoClassStates().contains(PseudoClass.getPseudoClass("drag-over"));
        });
        Fx.await(() -> vm.queuedProperty().get() == 3, vm.queuedProperty());

        assertThat(highlighted[0]).isTrue();
        assertThat(dropArea.getPseudoClassStates()).doesNotContain(PseudoClass.getPseudoClass("drag-over"));
        TableView<FileRow> table = find("#table");
        assertThat(Fx.call(() -> table.getItems().stream().map(FileRow::name).sorted().toList()))
                .containsExactly("one.txt", "three.txt", "two.txt");
        assertThat(this.<Button>find("#compressButton").isDisabled()).isFalse();
        assertThat(one).exists();
    }

    @Test
    void f1TellsTheVersionAndTheEngineInUseWithItsReason() throws Exception {
        robot.type(KeyCode.F1);
        Fx.settle();

        javafx.scene.control.DialogPane about = find("#aboutDialog");
        String engine = dev.pigzfx.engine.LibdeflateEngine.find().isPresent()
                ? "Engine: libdeflate (" : "Engine: zlib, built into Java: libdeflate";
        assertThat(Fx.call(about::getHeaderText)).startsWith("PigzFX ");
        assertThat(Fx.call(about::getContentText)).contains(engine).contains(" cores");
        Fx.run(() -> about.getScene().getWindow().hide());
    }

    @Test
    void ctrlEnterCompressesAndEveryRowReachesDone() throws Exception {
        write("a.log", Samples.text(200_000, 1));
        write("b.log", Samples.text(100_000, 2));
        add(dir);

        robot.press(KeyCode.CONTROL).type(KeyCode.ENTER).release(KeyCode.CONTROL);
        Fx.await(() -> vm.summaryProperty().get() != null, vm.summaryProperty());
        Fx.settle();

        List<String> states = robot.lookup(".state-cell").queryAllAs(Labeled.class).stream()
                .map(Labeled::getText).filter(t -> t != null && !t.isEmpty()).toList();
        assertThat(states).containsExactly("done", "done");
        assertThat(robot.lookup(".integrity-cell").queryAllAs(Labeled.class).stream().map(Labeled::getText))
                .filteredOn(t -> t != null && !t.isEmpty()).allMatch(t -> t.startsWith("verified, CRC-32 "));
        assertThat(this.<Label>find("#filesLabel").getText()).isEqualTo("2 of 2 files");
        javafx.scene.Node note = find(".notification");
        assertThat(note.isVisible()).isTrue();
        assertThat(note.getAccessibleText()).startsWith("Done. 2 files compressed");
        assertThat(dir.resolve("a.log.gz")).exists();
        assertThat(dir.resolve("a.log")).doesNotExist();
    }

    @Test
    void clickingCompressThenEscapeCancelsAndKeepsTheOriginal() throws Exception {
        Queued queued = queueSlowFile(5);
        FileRow row = queued.row();

        robot.clickOn("#compressButton");
        Fx.await(() -> row.progressProperty().get() > 0, row.progressProperty());
        assertThat(this.<Button>find("#cancelButton").isDisabled()).isFalse();
        assertThat(this.<Button>find("#clearButton").isDisabled()).isTrue();
        robot.type(KeyCode.ESCAPE);
        Fx.await(() -> vm.phaseProperty().get() == MainViewModel.Phase.IDLE, vm.phaseProperty());

        assertThat(row.state()).isEqualTo(RowState.CANCELLED);
        assertOnlyTheOriginalIsLeft(queued.file(), queued.bytes());
    }

    @Test
    void theThroughputChartAppearsOnceItHasALineToDraw() throws Exception {
        Queued queued = queueSlowFile(11);
        FileRow row = queued.row();
        javafx.scene.Node chart = find("#chartBox");

        Fx.call(vm::compress);
        Fx.await(() -> row.progressProperty().get() > 0, row.progressProperty());
        // one sample draws no line: until a second one the chart is not shown (no empty box after a short batch)
        List<Object> early = Fx.call(() -> List.of(vm.throughputHistory().size() >= 2, chart.getOpacity() == 1.0));
        assertThat(early.get(1)).isEqualTo(early.get(0));
        Fx.await(() -> vm.throughputHistory().size() >= 2, vm.throughputHistory());

        assertThat(Fx.call(chart::getOpacity)).isEqualTo(1.0);
        assertThat(this.<Label>find("#chartLabel").getText()).matches("Throughput  .+/s  ·  CPU \\d+%");
        robot.type(KeyCode.ESCAPE);
        Fx.await(() -> vm.phaseProperty().get() == MainViewModel.Phase.IDLE, vm.phaseProperty());
        assertOnlyTheOriginalIsLeft(queued.file(), queued.bytes());
    }

    @Test
    void ctrlEnterThenClickingCancelStopsTheBatch() throws Exception {
        Queued queued = queueSlowFile(9);
        FileRow row = queued.row();

        robot.press(KeyCode.CONTROL).type(KeyCode.ENTER).release(KeyCode.CONTROL);
        Fx.await(() -> row.progressProperty().get() > 0, row.progressProperty());
        assertThat(this.<Button>find("#compressButton").isDisabled()).isTrue();
        robot.clickOn("#cancelButton");
        Fx.await(() -> vm.phaseProperty().get() == MainViewModel.Phase.IDLE, vm.phaseProperty());

        assertThat(row.state()).isEqualTo(RowState.CANCELLED);
        assertOnlyTheOriginalIsLeft(queued.file(), queued.bytes());
        // the footer says what was done, the bar stays where it stopped, and there is a way on
        assertThat(this.<Label>find("#filesLabel").getText()).isEqualTo("0 of 1 done, 1 cancelled");
        assertThat(this.<ProgressBar>find("#overallBar").getProgress()).isLessThan(1.0);
        assertThat(this.<Label>find("#planLabel").getText())
                .isEqualTo("Nothing new is queued: Compress runs the 1 failed or cancelled file again.");
        assertThat(this.<Button>find("#compressButton").isDisabled()).isFalse();

        Fx.run(() -> {
            vm.levelProperty().set(1);
            vm.threadsProperty().set(0);
        });
        robot.clickOn("#compressButton");
        Fx.await(() -> row.state() == RowState.DONE, row.stateProperty());
        Fx.await(() -> vm.phaseProperty().get() == MainViewModel.Phase.IDLE, vm.phaseProperty());

        assertThat(this.<Label>find("#filesLabel").getText()).isEqualTo("1 of 1 file");
        assertThat(this.<ProgressBar>find("#overallBar").getProgress()).isEqualTo(1.0);
        assertThat(Tools.gunzip(Files.readAllBytes(queued.file().resolveSibling("big.log.gz")))).isEqualTo(queued.bytes());
    }

    @Test
    void closingTheWindowDuringABatchCancelsItAndClosesOnceEveryFileIsClean() throws Exception {
        Queued queued = queueSlowFile(6);
        FileRow row = queued.row();
        Fx.call(vm::compress);
        Fx.await(() -> row.progressProperty().get() > 0, row.progressProperty());

        List<Object> rightAfter = Fx.call(() -> {
            stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST));
            return List.of(stage.isShowing(), vm.phaseProperty().get());
        });
        // the window stays until the file in hand has cleaned up
        assertThat(rightAfter).containsExactly(true, MainViewModel.Phase.CANCELLING);
        Fx.await(() -> !stage.isShowing(), stage.showingProperty());

        assertThat(row.state()).isEqualTo(RowState.CANCELLED);
        assertOnlyTheOriginalIsLeft(queued.file(), queued.bytes());
    }

    @Test
    void aQuitFromTheDesktopDuringABatchCancelsItAndQuitsOnceEveryFileIsClean() throws Exception {
        Queued queued = queueSlowFile(7);
        FileRow row = queued.row();
        DesktopEvents desktop = new DesktopEvents();
        Fx.run(() -> desktop.deliverTo(paths -> { }, () -> MainView.closeWhenIdle(stage, vm)));
        Fx.call(vm::compress);
        Fx.await(() -> row.progressProperty().get() > 0, row.progressProperty());

        // as macOS asks it, from its own thread: the window takes the quit over
        boolean[] takenOver = new boolean[1];
        Thread.ofPlatform().start(() -> takenOver[0] = desktop.quitRequested()).join();
        Fx.await(() -> !stage.isShowing(), stage.showingProperty());

        assertThat(takenOver[0]).isTrue();
        assertThat(row.state()).isEqualTo(RowState.CANCELLED);
        assertOnlyTheOriginalIsLeft(queued.file(), queued.bytes());
    }

    @Test
    void choosingDecompressTurnsTheMainButtonIntoDecompressAndGetsTheFileBack() throws Exception {
        byte[] data = Samples.text(200_000, 8);
        Path gz = write("mail.mbox.gz", Tools.run(List.of("gzip", "-c"), data).stdout());
        Fx.call(() -> vm.add(List.of(gz))).get(Fx.TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        FileRow row = Fx.call(() -> vm.rows().getFirst());
        Fx.await(() -> row.state() == RowState.TESTED, row.stateProperty());

        robot.clickOn("#decompressMode");
        Fx.await(() -> row.state() == RowState.QUEUED, row.stateProperty());
        Button main = find("#compressButton");
        assertThat(Fx.call(main::getText)).isEqualTo("Decompress");
        assertThat(Fx.call(() -> this.<Slider>find("#levelSlider").isDisabled())).as("the level means nothing here")
                .isTrue();
        assertThat(Fx.call(() -> this.<Button>find("#decompressOpenedButton").isVisible())).isFalse();
        robot.clickOn(main);
        Fx.await(() -> row.state() == RowState.DONE, row.stateProperty());

        assertThat(Files.readAllBytes(dir.resolve("mail.mbox"))).isEqualTo(data);
        assertThat(gz).doesNotExist();
        assertThat(Fx.call(() -> this.<Labeled>find("#keepBox").getText())).isEqualTo("Keep .gz files");
    }

    @Test
    void anOpenedGzThatPassedItsTestIsDecompressedWithOneClick() throws Exception {
        byte[] data = Samples.text(100_000, 9);
        Path gz = write("photo-list.txt.gz", Tools.run(List.of("gzip", "-c"), data).stdout());
        Fx.call(() -> vm.add(List.of(gz))).get(Fx.TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        FileRow row = Fx.call(() -> vm.rows().getFirst());
        Button once = find("#decompressOpenedButton");
        Fx.await(() -> once.isVisible(), once.visibleProperty());
        assertThat(Fx.call(() -> vm.messageProperty().get())).endsWith("1 .gz file passed the test: Decompress them to get the file back.");

        robot.clickOn(once);
        Fx.await(() -> row.state() == RowState.DONE, row.stateProperty());

        assertThat(Files.readAllBytes(dir.resolve("photo-list.txt"))).isEqualTo(data);
        assertThat(Fx.call(() -> vm.modeProperty().get())).isEqualTo(dev.pigzfx.batch.Mode.DECOMPRESS);
        assertThat(Fx.call(once::isVisible)).isFalse();
    }

    @Test
    void everyHintNamesItsKeyAsThePlatformWritesIt() throws Exception {
        String addFiles = Shortcuts.ADD_FILES.getDisplayText();
        String compress = Shortcuts.COMPRESS.getDisplayText();

        assertThat(Fx.call(() -> this.<Button>find("#addFilesButton").getTooltip().getText()))
                .isEqualTo("Add files (" + addFiles + ")");
        assertThat(Fx.call(() -> this.<Button>find("#compressButton").getTooltip().getText())).endsWith("(" + compress + ")");
        assertThat(Fx.call(() -> stage.getScene().getAccelerators().keySet()))
                .contains(Shortcuts.ADD_FILES, Shortcuts.ADD_FOLDER, Shortcuts.COMPRESS, Shortcuts.QUIT,
                        Shortcuts.COMPRESS_MODE, Shortcuts.DECOMPRESS_MODE, Shortcuts.TEST_MODE);
        assertThat(Fx.call(() -> this.<javafx.scene.control.ToggleButton>find("#decompressMode").getTooltip()
                .getText())).endsWith("(" + Shortcuts.DECOMPRESS_MODE.getDisplayText() + ")");

        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT3).release(KeyCode.CONTROL);
        assertThat(Fx.call(() -> vm.modeProperty().get())).isEqualTo(dev.pigzfx.batch.Mode.TEST);
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT1).release(KeyCode.CONTROL);
        assertThat(Fx.call(() -> vm.modeProperty().get())).isEqualTo(dev.pigzfx.batch.Mode.COMPRESS);
    }

    @Test
    void ctrlQClosesAnIdleWindowAndCancelsARunningBatchFirst() throws Exception {
        Queued queued = queueSlowFile(6);
        FileRow row = queued.row();
        Fx.call(vm::compress);
        Fx.await(() -> row.progressProperty().get() > 0, row.progressProperty());

        robot.press(KeyCode.CONTROL).type(KeyCode.Q).release(KeyCode.CONTROL);
        Fx.await(() -> !stage.isShowing(), stage.showingProperty());
        assertThat(row.state()).isEqualTo(RowState.CANCELLED);
        assertOnlyTheOriginalIsLeft(queued.file(), queued.bytes());

        Fx.run(() -> {
            stage.show();
            stage.requestFocus();
        });
        Fx.settle();
        robot.press(KeyCode.CONTROL).type(KeyCode.Q).release(KeyCode.CONTROL);
        Fx.await(() -> !stage.isShowing(), stage.showingProperty());
    }

    @Test
    void theDarkThemeLoadsWithoutCssWarnings() throws Exception {
        List<String> warnings = new ArrayList<>();
        Handler catcher = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record.getLoggerName() + ": " + record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger fxLog = Logger.getLogger("javafx");
        fxLog.addHandler(catcher);
        try {
            write("a.log", Samples.text(10_000, 1));
            add(dir, dir.resolve("missing.txt"));
            Fx.run(() -> vm.themeProperty().set(Theme.DARK));
            Fx.call(vm::compress).get();
            Fx.run(() -> {
                stage.getScene().getRoot().applyCss();
                stage.getScene().getRoot().layout();
            });
            Fx.settle();

            assertThat(Themes.dark(Theme.DARK)).isTrue();
            assertThat(javafx.application.Application.getUserAgentStylesheet()).contains("primer-dark");
            assertThat(warnings).isEmpty();
        } finally {
            fxLog.removeHandler(catcher);
            Fx.run(() -> vm.themeProperty().set(Theme.LIGHT));
        }
    }
}

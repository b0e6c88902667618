package dev.pigzfx.ui;

import dev.pigzfx.batch.Mode;
import dev.pigzfx.batch.Plan;
import dev.pigzfx.engine.Engines;
import dev.pigzfx.ui.cells.EngineCell;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.collections.ObservableList;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The controller of {@code OptionsBar.fxml}: the toolbar (add, remove, clear, export, theme), the
 * options and the plan. Binds them to the {@link MainViewModel}; decides nothing.
 */
final class OptionsBar {

    private final MainViewModel vm;
    private final FileDialogs dialogs;
    /** Opens a page in the browser: the API's. */
    private final java.util.function.Consumer<String> openDocument;
    /** Held here: a bidirectional binding keeps only weak references, and asObject() makes a new property. */
    private final ObjectProperty<Integer> threadsAsObject;
    /** The rows selected in the table, which Remove removes. */
    private ObservableList<FileRow> selection;

    @FXML private Button addFilesButton;
    @FXML private Button addFolderButton;
    @FXML private Label modeLabel;
    @FXML private javafx.scene.layout.HBox modeSwitch;
    @FXML private javafx.scene.control.ToggleButton compressMode;
    @FXML private javafx.scene.control.ToggleButton decompressMode;
    @FXML private javafx.scene.control.ToggleButton testMode;
    @FXML private javafx.scene.layout.VBox outputOption;
    @FXML private Label outputLabel;
    @FXML private javafx.scene.layout.HBox outputSwitch;
    @FXML private javafx.scene.control.ToggleButton eachFileOutput;
    @FXML private javafx.scene.control.ToggleButton archiveOutput;
    @FXML private javafx.scene.control.Hyperlink archiveLink;
    @FXML private CheckBox unpackBox;
    @FXML private Label outputHint;
    @FXML private javafx.scene.control.ToggleButton apiButton;
    @FXML private javafx.scene.control.Hyperlink apiLink;
    @FXML private Button removeButton;
    @FXML private Button clearButton;
    @FXML private MenuButton exportButton;
    @FXML private Label themeLabel;
    @FXML private ComboBox<Theme> themeChoice;
    @FXML private Button aboutButton;
    @FXML private Label levelLabel;
    @FXML private Label levelValue;
    @FXML private Slider levelSlider;
    @FXML private CheckBox keepBox;
    @FXML private Label keepHint;
    @FXML private Label threadsLabel;
    @FXML private ComboBox<Integer> threadsChoice;
    @FXML private Label engineLabel;
    @FXML private ComboBox<Engines> engineChoice;
    @FXML private Label strategyLabel;
    @FXML private ComboBox<Plan.Strategy> strategyChoice;
    @FXML private Label incompressibleLabel;
    @FXML private ComboBox<dev.pigzfx.batch.Incompressible> incompressibleChoice;
    @FXML private Label planLabel;
    @FXML private javafx.scene.layout.FlowPane options;

    OptionsBar(MainViewModel vm, FileDialogs dialogs, java.util.function.Consumer<String> openDocument) {
        this.vm = vm;
        this.dialogs = dialogs;
        this.openDocument = openDocument;
        this.threadsAsObject = vm.threadsProperty().asObject();
    }

    @FXML
    private void initialize() {
        levelSlider.valueProperty().bindBidirectional(vm.levelProperty());
        levelValue.textProperty().bind(vm.levelProperty().asString());
        levelSlider.setAccessibleText("Compression level, 1 fastest to 9 smallest");
        levelLabel.setLabelFor(levelSlider);

        bindMode();
        bindOutput();
        bindApi();
        keepBox.selectedProperty().bindBidirectional(vm.keepProperty());
        String kept = "Originals stay beside\ntheir .gz.";
        String removed = "Originals are removed once\ntheir .gz is verified.";
        String gzKept = ".gz files stay beside\nwhat they held.";
        String gzRemoved = ".gz files are removed once\ntheir file is verified.";
        String tested = "Testing writes and\nremoves nothing.";
        String archived = "An archive keeps\nthe originals.";
        keepHint.textProperty().bind(Bindings.createStringBinding(() -> switch (vm.modeProperty().get()) {
            case COMPRESS -> vm.oneArchiveProperty().get() ? archived : vm.keepProperty().get() ? kept : removed;
            case DECOMPRESS -> vm.keepProperty().get() ? gzKept : gzRemoved;
            case TEST -> tested;
        }, vm.keepProperty(), vm.modeProperty(), vm.oneArchiveProperty()));
        keepBox.textProperty().bind(Bindings.when(vm.modeProperty().isEqualTo(Mode.COMPRESS))
                .then("Keep originals").otherwise("Keep .gz files"));
        // as wide as the widest of its texts, whichever shows: the options beside it never move
        fitWidest(keepHint, kept, removed, gzKept, gzRemoved, tested, archived);

        for (int n = 0; n <= vm.cores(); n++) {
            threadsChoice.getItems().add(n);
        }
        threadsChoice.setConverter(Choices.named(vm::threadsName));
        threadsChoice.valueProperty().bindBidirectional(threadsAsObject);
        threadsLabel.setLabelFor(threadsChoice);
        threadsChoice.setAccessibleText("Threads");

        engineChoice.getItems().setAll(Engines.values());
        engineChoice.setCellFactory(list -> new EngineCell(vm::engineName, vm::missingReason));
        engineChoice.setButtonCell(new EngineCell(vm::engineName, vm::missingReason));
        engineChoice.valueProperty().bindBidirectional(vm.engineProperty());
        engineChoice.valueProperty().addListener((o, was, now) -> {
            if (now != null && !vm.missingReason(now).isEmpty()) {
                engineChoice.setValue(was);
            }
        });
        engineLabel.setLabelFor(engineChoice);
        engineChoice.setAccessibleText("Engine");

        strategyChoice.getItems().setAll(Plan.Strategy.values());
        strategyChoice.setConverter(Choices.named(vm::strategyName));
        strategyChoice.valueProperty().bindBidirectional(vm.strategyProperty());
        strategyChoice.setTooltip(new Tooltip(vm.strategyHelp()));
        strategyLabel.setLabelFor(strategyChoice);
        strategyChoice.setAccessibleText("Strategy");

        incompressibleChoice.getItems().setAll(dev.pigzfx.batch.Incompressible.values());
        incompressibleChoice.setConverter(Choices.named(vm::incompressibleName));
        incompressibleChoice.valueProperty().bindBidirectional(vm.incompressibleProperty());
        incompressibleChoice.setTooltip(new Tooltip("Data that does not shrink (random data, photos, video,"
                + " archives), found by compressing a sample: stored fast at level 1, compressed at the level set,"
                + " or skipped"));
        incompressibleLabel.setLabelFor(incompressibleChoice);
        incompressibleChoice.setAccessibleText("Incompressible data");

        themeChoice.getItems().setAll(Theme.values());
        themeChoice.valueProperty().bindBidirectional(vm.themeProperty());
        themeLabel.setLabelFor(themeChoice);
        themeChoice.setAccessibleText("Theme");

        // one line, the whole plan in its tooltip: a wrapping label would be measured again at every update
        planLabel.textProperty().bind(vm.planTextProperty());
        Tooltip planTip = new Tooltip();
        planTip.textProperty().bind(vm.planTextProperty());
        planLabel.setTooltip(planTip);
        threadsChoice.disableProperty().bind(vm.canEditProperty().not());
        var makesArchive = vm.modeProperty().isEqualTo(Mode.COMPRESS).and(vm.oneArchiveProperty());
        keepBox.disableProperty().bind(vm.canEditProperty().not().or(vm.modeProperty().isEqualTo(Mode.TEST))
                .or(makesArchive));
        // what only compressing uses: the level, the engine, the strategy, the incompressible policy
        for (Node option : List.of(levelSlider, engineChoice, strategyChoice, incompressibleChoice)) {
            option.disableProperty().bind(vm.canEditProperty().not()
                    .or(vm.modeProperty().isNotEqualTo(Mode.COMPRESS))
                    .or(option == strategyChoice || option == incompressibleChoice ? makesArchive
                            : Bindings.createBooleanBinding(() -> false)));
        }

        // a narrow window wraps the options onto a second line rather than cut their words
        for (Node control : options.lookupAll(".label")) {
            ((javafx.scene.layout.Region) control).setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        for (Node choice : List.of(threadsChoice, engineChoice, strategyChoice, incompressibleChoice, themeChoice,
                compressMode, decompressMode, testMode, eachFileOutput, archiveOutput, unpackBox)) {
            ((javafx.scene.layout.Region) choice).setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        options.prefWrapLengthProperty().bind(options.widthProperty());

        clearButton.disableProperty().bind(vm.canEditProperty().not().or(Bindings.isEmpty(vm.rows())));
        exportButton.disableProperty().bind(vm.hasResultsProperty().not());
        addFilesButton.setTooltip(new Tooltip(Shortcuts.hint("Add files", Shortcuts.ADD_FILES)));
        aboutButton.setTooltip(new Tooltip(Shortcuts.hint("Version, engine and system", Shortcuts.ABOUT)));
        addFolderButton.setTooltip(new Tooltip(Shortcuts.hint("Add a folder and every file in it", Shortcuts.ADD_FOLDER)));
        removeButton.setTooltip(new Tooltip("Remove the selected rows from the list (Delete); no file is touched"));
        clearButton.setTooltip(new Tooltip("Empty the list; no file is touched"));
    }

    /** The three modes as one switch, bound both ways to the mode; one is always chosen. */
    private void bindMode() {
        javafx.scene.control.ToggleGroup modes = new javafx.scene.control.ToggleGroup();
        Map<Mode, javafx.scene.control.ToggleButton> buttons = Map.of(Mode.COMPRESS, compressMode,
                Mode.DECOMPRESS, decompressMode, Mode.TEST, testMode);
        buttons.forEach((mode, button) -> {
            button.setToggleGroup(modes);
            button.setUserData(mode);
        });
        buttons.get(vm.modeProperty().get()).setSelected(true);
        modes.selectedToggleProperty().addListener((o, was, now) -> {
            if (now == null) {
                was.setSelected(true); // a click on the chosen one leaves it chosen
            } else {
                vm.modeProperty().set((Mode) now.getUserData());
            }
        });
        vm.modeProperty().addListener((o, was, now) -> buttons.get(now).setSelected(true));
        modeSwitch.disableProperty().bind(vm.canEditProperty().not());
        modeLabel.setLabelFor(compressMode);
        compressMode.setTooltip(new Tooltip(Shortcuts.hint("Compress files to .gz", Shortcuts.COMPRESS_MODE)));
        decompressMode.setTooltip(new Tooltip(Shortcuts.hint("Get the files back from .gz and .tgz files",
                Shortcuts.DECOMPRESS_MODE)));
        testMode.setTooltip(new Tooltip(Shortcuts.hint("Check .gz files, writing nothing", Shortcuts.TEST_MODE)));
    }

    /**
     * Compress: a .gz of each file, or one archive of the list (its name shown, and changed by a
     * click); Decompress: whether a .tar.gz is unpacked to a folder; Test writes nothing, so has no output.
     */
    private void bindOutput() {
        javafx.scene.control.ToggleGroup outputs = new javafx.scene.control.ToggleGroup();
        eachFileOutput.setToggleGroup(outputs);
        archiveOutput.setToggleGroup(outputs);
        (vm.oneArchiveProperty().get() ? archiveOutput : eachFileOutput).setSelected(true);
        outputs.selectedToggleProperty().addListener((o, was, now) -> {
            if (now == null) {
                was.setSelected(true);
            } else {
                vm.oneArchiveProperty().set(now == archiveOutput);
            }
        });
        vm.oneArchiveProperty().addListener((o, was, now) -> (now ? archiveOutput : eachFileOutput).setSelected(true));
        unpackBox.selectedProperty().bindBidirectional(vm.unpackArchivesProperty());

        var compressing = vm.modeProperty().isEqualTo(Mode.COMPRESS);
        var decompressing = vm.modeProperty().isEqualTo(Mode.DECOMPRESS);
        var makesArchive = compressing.and(vm.oneArchiveProperty());
        var named = vm.archiveTargetProperty().isNotNull().and(vm.queuedProperty().greaterThan(0));
        // shown or hidden, never taken out of the layout: the options beside them keep their place
        outputSwitch.visibleProperty().bind(decompressing.not());
        unpackBox.visibleProperty().bind(decompressing);
        archiveLink.visibleProperty().bind(makesArchive.and(named));
        outputHint.visibleProperty().bind(archiveLink.visibleProperty().not());
        outputLabel.textProperty().bind(Bindings.when(decompressing).then("Archives").otherwise("Output"));
        String eachFile = "A .gz beside\neach file.";
        String archiveNamed = "Named after what\nyou add.";
        String unpacked = "Each into a new folder\nbeside it, kept.";
        String asTar = "A .tar.gz becomes\na .tar.";
        String nothing = "Testing writes\nnothing.";
        outputHint.textProperty().bind(Bindings.createStringBinding(() -> switch (vm.modeProperty().get()) {
            case DECOMPRESS -> vm.unpackArchivesProperty().get() ? unpacked : asTar;
            case TEST -> nothing;
            case COMPRESS -> vm.oneArchiveProperty().get() ? archiveNamed : eachFile;
        }, vm.modeProperty(), vm.unpackArchivesProperty(), vm.oneArchiveProperty()));
        fitWidest(outputHint, eachFile, archiveNamed, unpacked, asTar, nothing);
        archiveLink.textProperty().bind(Bindings.createStringBinding(() -> {
            Path target = vm.archiveTargetProperty().get();
            return target == null ? "" : String.valueOf(target.getFileName());
        }, vm.archiveTargetProperty()));
        Tooltip where = new Tooltip();
        where.textProperty().bind(Bindings.createStringBinding(() -> vm.archiveTargetProperty().get() == null ? ""
                : vm.archiveTargetProperty().get() + "\nClick to save it elsewhere or under another name",
                vm.archiveTargetProperty()));
        archiveLink.setTooltip(where);
        archiveLink.setMaxWidth(240);
        archiveLink.setAccessibleText("Archive to make");
        outputSwitch.disableProperty().bind(vm.canEditProperty().not().or(vm.modeProperty().isEqualTo(Mode.TEST)));
        archiveLink.disableProperty().bind(vm.canEditProperty().not());
        unpackBox.disableProperty().bind(vm.canEditProperty().not());
        outputLabel.setLabelFor(eachFileOutput);
        eachFileOutput.setTooltip(new Tooltip("Compress each file to a .gz beside it"));
        archiveOutput.setTooltip(new Tooltip("Make one .tar.gz of everything in the list, folders and all;"
                + " the originals are kept"));
        unpackBox.setTooltip(new Tooltip("Unpack each .tar.gz or .tgz into a new folder beside it (never into"
                + " one that exists); entries that would land outside it are refused. Off: a .tar, as gzip does."));
    }

    /** Asks where to save the archive, starting from the name it has now. */
    @FXML
    void nameArchive() {
        Path chosen = dialogs.chooseArchive(vm.archiveTargetProperty().get());
        if (chosen != null) {
            // the dialog asked before replacing the name it showed, not one with the suffix added
            String name = chosen.getFileName().toString();
            vm.nameArchive(dev.pigzfx.batch.ArchiveMaker.isArchiveName(chosen) ? chosen
                    : ArchiveName.unused(chosen.resolveSibling(name + ".tar.gz")));
        }
    }

    /** The API switch, and while the API answers, its address, which opens its page. */
    private void bindApi() {
        apiButton.selectedProperty().bindBidirectional(vm.apiOnProperty());
        apiButton.setTooltip(new Tooltip("Answer PigzFX's HTTP API on this machine alone (POST /compress?input_path=…,"
                + " as the original service did), for scripts; paths under your home folder"));
        apiLink.textProperty().bind(vm.apiAddressProperty());
        apiLink.visibleProperty().bind(vm.apiAddressProperty().isNotEmpty());
        apiLink.managedProperty().bind(apiLink.visibleProperty());
        apiLink.setTooltip(new Tooltip("The API's page, with an example of each call"));
    }

    @FXML
    private void openApi() {
        try {
            openDocument.accept(vm.apiAddressProperty().get());
        } catch (RuntimeException e) {
            Alert alert = new Alert(Alert.AlertType.INFORMATION, "Open " + vm.apiAddressProperty().get()
                    + " in a browser: " + e.getMessage(), ButtonType.OK);
            alert.initOwner(dialogs.window());
            alert.setHeaderText("No browser could be opened");
            alert.show();
        }
    }

    /** The table's selection, which Remove works on. */
    void selection(ObservableList<FileRow> selected) {
        this.selection = selected;
        removeButton.disableProperty().bind(vm.canEditProperty().not().or(Bindings.isEmpty(selected)));
    }

    @FXML
    void addFiles() {
        vm.add(dialogs.chooseFiles());
    }

    @FXML
    void addFolder() {
        vm.add(dialogs.chooseFolder());
    }

    @FXML
    private void removeSelected() {
        vm.remove(List.copyOf(selection));
    }

    @FXML
    private void clearAll() {
        vm.clear();
    }

    /** PigzFX's version, the engine it uses and why, Java and the cores, in a window of its own. */
    @FXML
    void about() {
        List<String> lines = vm.about();
        Alert about = new Alert(Alert.AlertType.INFORMATION, String.join("\n", lines.subList(1, lines.size())));
        about.initOwner(aboutButton.getScene().getWindow());
        about.setTitle("About PigzFX");
        about.setHeaderText(lines.getFirst());
        about.getDialogPane().setId("aboutDialog");
        about.getDialogPane().setPrefWidth(480);
        about.show();
    }

    @FXML
    private void exportJson() {
        export("JSON", "*.json", "pigzfx-results.json", vm::exportJson);
    }

    @FXML
    private void exportCsv() {
        export("CSV", "*.csv", "pigzfx-results.csv", vm::exportCsv);
    }

    private interface Export {
        void to(Path file) throws IOException;
    }

    private void export(String kind, String pattern, String name, Export export) {
        Path file = dialogs.chooseExport(kind, pattern, name);
        if (file == null) {
            return;
        }
        try {
            export.to(file);
        } catch (IOException e) {
            Alert alert = new Alert(Alert.AlertType.ERROR, file + ": cannot write the results: " + e.getMessage(),
                    ButtonType.OK);
            alert.initOwner(dialogs.window());
            alert.setHeaderText("Export failed");
            alert.show();
        }
    }

    /**
     * Keeps {@code hint} as wide as the widest of the {@code texts} it may show, in whatever font it
     * gets: the options beside it never move when its text changes.
     */
    private static void fitWidest(Label hint, String... texts) {
        hint.fontProperty().addListener((o, was, font) -> hint.setMinWidth(widest(font, texts)));
        hint.setMinWidth(widest(hint.getFont(), texts));
    }

    /** The width the widest of {@code texts} takes in {@code font}, with a pixel to spare for rounding. */
    private static double widest(javafx.scene.text.Font font, String... texts) {
        double widest = 0;
        for (String text : texts) {
            javafx.scene.text.Text measured = new javafx.scene.text.Text(text);
            measured.setFont(font);
            widest = Math.max(widest, Math.ceil(measured.getLayoutBounds().getWidth()) + 1);
        }
        return widest;
    }
}

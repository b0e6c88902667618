package dev.pigzfx.ui;

import atlantafx.base.controls.Notification;
import atlantafx.base.theme.Styles;
import dev.pigzfx.batch.Plan;
import dev.pigzfx.batch.Sizes;
import dev.pigzfx.engine.Engines;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.Node;
import javafx.scene.chart.AreaChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Slider;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.stage.WindowEvent;
import javafx.util.StringConverter;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The controller of {@code MainView.fxml}: binds the controls to the {@link MainViewModel} and
 * turns clicks, keys and drops into its commands. It computes nothing of its own.
 */
public final class MainView {

    private static final PseudoClass DRAG_OVER = PseudoClass.getPseudoClass("drag-over");
    /** The throughput chart's shortest time axis. */
    private static final int CHART_MIN_SECONDS = 10;

    private final MainViewModel vm;
    private final Consumer<String> openDocument;
    private File lastFolder;

    @FXML private BorderPane root;
    @FXML private Button addFilesButton;
    @FXML private Button addFolderButton;
    @FXML private Button removeButton;
    @FXML private Button clearButton;
    @FXML private MenuButton exportButton;
    @FXML private Label themeLabel;
    @FXML private ComboBox<Theme> themeChoice;
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
    @FXML private Label planLabel;
    @FXML private StackPane dropArea;
    @FXML private TableView<FileRow> table;
    @FXML private TableColumn<FileRow, String> nameColumn;
    @FXML private TableColumn<FileRow, String> folderColumn;
    @FXML private TableColumn<FileRow, Number> sizeColumn;
    @FXML private TableColumn<FileRow, Number> compressedColumn;
    @FXML private TableColumn<FileRow, Number> ratioColumn;
    @FXML private TableColumn<FileRow, Number> progressColumn;
    @FXML private TableColumn<FileRow, Number> speedColumn;
    @FXML private TableColumn<FileRow, RowState> stateColumn;
    @FXML private TableColumn<FileRow, String> integrityColumn;
    @FXML private VBox notificationLayer;
    @FXML private ProgressBar overallBar;
    @FXML private Label filesLabel;
    @FXML private Label bytesLabel;
    @FXML private Label speedLabel;
    @FXML private Label timeLabel;
    @FXML private Label messageLabel;
    @FXML private VBox chartBox;
    @FXML private Label chartLabel;
    @FXML private AreaChart<Number, Number> throughputChart;
    @FXML private NumberAxis chartX;
    @FXML private ToggleButton failedFilter;
    @FXML private Button cancelButton;
    @FXML private Button compressButton;

    private final XYChart.Series<Number, Number> throughputSeries = new XYChart.Series<>();
    /** Held here: a bidirectional binding keeps only weak references, and asObject() makes a new property. */
    private final ObjectProperty<Integer> threadsAsObject;
    private final Notification summaryNote = new Notification();
    private final Button showFailed = new Button("Show failed");

    private MainView(MainViewModel vm, Consumer<String> openDocument) {
        this.vm = vm;
        this.openDocument = openDocument;
        this.threadsAsObject = vm.threadsProperty().asObject();
    }

    /**
     * Loads the window's content over a ViewModel, with its stylesheet.
     *
     * @param openDocument opens a folder in the system's file manager ("Show in folder")
     */
    static Parent load(MainViewModel vm, Consumer<String> openDocument) {
        FXMLLoader loader = new FXMLLoader(MainView.class.getResource("MainView.fxml"));
        loader.setControllerFactory(type -> new MainView(vm, openDocument));
        try {
            Parent root = loader.load();
            root.getStylesheets().add(MainView.class.getResource("main.css").toExternalForm());
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the window's layout", e);
        }
    }

    @FXML
    private void initialize() {
        bindOptions();
        bindTable();
        bindFooter();
        bindCommands();
        bindDrop();
    }

    private void bindOptions() {
        levelSlider.valueProperty().bindBidirectional(vm.levelProperty());
        levelValue.textProperty().bind(vm.levelProperty().asString());
        levelSlider.setAccessibleText("Compression level, 1 fastest to 9 smallest");
        levelLabel.setLabelFor(levelSlider);

        keepBox.selectedProperty().bindBidirectional(vm.keepProperty());
        keepHint.textProperty().bind(Bindings.when(vm.keepProperty())
                .then("Originals stay beside\ntheir .gz.")
                .otherwise("Originals are removed once\ntheir .gz is verified."));

        for (int n = 0; n <= vm.cores(); n++) {
            threadsChoice.getItems().add(n);
        }
        threadsChoice.setConverter(converter(vm::threadsName));
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
        strategyChoice.setConverter(converter(vm::strategyName));
        strategyChoice.valueProperty().bindBidirectional(vm.strategyProperty());
        strategyChoice.setTooltip(new Tooltip(vm.strategyHelp()));
        strategyLabel.setLabelFor(strategyChoice);
        strategyChoice.setAccessibleText("Strategy");

        themeChoice.getItems().setAll(Theme.values());
        themeChoice.valueProperty().bindBidirectional(vm.themeProperty());
        themeLabel.setLabelFor(themeChoice);
        themeChoice.setAccessibleText("Theme");

        // one line, the whole plan in its tooltip: a wrapping label would be measured again at every update
        planLabel.textProperty().bind(vm.planTextProperty());
        Tooltip planTip = new Tooltip();
        planTip.textProperty().bind(vm.planTextProperty());
        planLabel.setTooltip(planTip);
        for (Node option : List.of(levelSlider, keepBox, threadsChoice, engineChoice, strategyChoice)) {
            option.disableProperty().bind(vm.canEditProperty().not());
        }
    }

    private void bindTable() {
        SortedList<FileRow> sorted = new SortedList<>(vm.visibleRows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setAccessibleText("Files");

        nameColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().name()));
        folderColumn.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().folder()));
        folderColumn.setCellFactory(c -> {
            TextCell<String> cell = new TextCell<>(Function.identity());
            cell.getStyleClass().add("folder-cell");
            return cell;
        });
        sizeColumn.setCellValueFactory(c -> c.getValue().sizeProperty());
        sizeColumn.setCellFactory(c -> new TextCell<>(n -> n.longValue() == FileRow.UNKNOWN ? "" : Sizes.format(n.longValue())));
        compressedColumn.setCellValueFactory(c -> c.getValue().compressedSizeProperty());
        compressedColumn.setCellFactory(c -> new TextCell<>(n -> n.longValue() == 0 ? "" : Sizes.format(n.longValue())));
        ratioColumn.setCellValueFactory(c -> c.getValue().ratioProperty());
        ratioColumn.setCellFactory(c -> new TextCell<>(n -> n.doubleValue() < 0 ? ""
                : String.format(Locale.ROOT, "%.1f%%", 100 * n.doubleValue())));
        progressColumn.setCellValueFactory(c -> c.getValue().progressProperty());
        progressColumn.setCellFactory(c -> new ProgressCell());
        speedColumn.setCellValueFactory(c -> c.getValue().speedProperty());
        speedColumn.setCellFactory(c -> new TextCell<>(n -> n.doubleValue() < 0 ? ""
                : Sizes.format(n.longValue()) + "/s"));
        stateColumn.setCellValueFactory(c -> c.getValue().stateProperty());
        stateColumn.setCellFactory(c -> new StateCell());
        integrityColumn.setCellValueFactory(c -> c.getValue().integrityProperty());
        integrityColumn.setCellFactory(c -> new IntegrityCell());

        table.setRowFactory(t -> {
            TableRow<FileRow> row = new TableRow<>();
            row.itemProperty().addListener((o, was, item) -> {
                row.tooltipProperty().unbind();
                if (item == null) {
                    row.setTooltip(null);
                    return;
                }
                // why a file was skipped or failed, wherever the pointer is on its row
                Tooltip why = new Tooltip();
                why.textProperty().bind(Bindings.concat(item.path().toString(), "\n", item.detailProperty()));
                row.tooltipProperty().bind(Bindings.when(item.detailProperty().isEmpty()).then((Tooltip) null)
                        .otherwise(why));
            });
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    showInFolder(row.getItem());
                }
            });
            return row;
        });
        table.setContextMenu(contextMenu());
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DELETE || e.getCode() == KeyCode.BACK_SPACE) {
                removeSelected();
                e.consume();
            }
        });

        Label emptyTitle = new Label("Drop files or folders here");
        emptyTitle.getStyleClass().add("empty-title");
        Label emptyHint = new Label("or use Add files… (Ctrl+O) and Add folder… (Ctrl+Shift+O).\n"
                + "Nothing starts until you press Compress (Ctrl+Enter).");
        emptyHint.getStyleClass().add("empty-hint");
        Region emptyIcon = new Region();
        emptyIcon.getStyleClass().add("empty-icon");
        VBox empty = new VBox(emptyIcon, emptyTitle, emptyHint);
        empty.getStyleClass().add("empty-state");
        Label noFailures = new Label("No failed files.");
        noFailures.getStyleClass().add("empty-hint");
        table.placeholderProperty().bind(Bindings.when(vm.onlyFailedProperty()).<Node>then(noFailures)
                .otherwise(empty));
    }

    private ContextMenu contextMenu() {
        MenuItem show = new MenuItem("Show in folder");
        show.setOnAction(e -> selected().stream().findFirst().ifPresent(this::showInFolder));
        MenuItem copy = new MenuItem("Copy path");
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(String.join(System.lineSeparator(),
                    selected().stream().map(r -> r.path().toString()).toList()));
            Clipboard.getSystemClipboard().setContent(content);
        });
        MenuItem retry = new MenuItem("Retry");
        retry.setOnAction(e -> vm.retry(selected()));
        MenuItem remove = new MenuItem("Remove from list");
        remove.setOnAction(e -> removeSelected());
        for (MenuItem item : List.of(retry, remove)) {
            item.disableProperty().bind(vm.canEditProperty().not());
        }
        ContextMenu menu = new ContextMenu(show, copy, new SeparatorMenuItem(), retry, remove);
        menu.setOnShowing(e -> {
            boolean any = !selected().isEmpty();
            show.setDisable(!any);
            copy.setDisable(!any);
            retry.setVisible(vm.canRetry(selected()));
        });
        return menu;
    }

    private void bindFooter() {
        overallBar.progressProperty().bind(vm.overallProgressProperty());
        overallBar.setAccessibleText("Overall progress");
        filesLabel.textProperty().bind(vm.filesTextProperty());
        bytesLabel.textProperty().bind(vm.bytesTextProperty());
        speedLabel.textProperty().bind(vm.speedTextProperty());
        timeLabel.textProperty().bind(vm.timeTextProperty());
        messageLabel.textProperty().bind(vm.messageProperty());
        Tooltip messageTip = new Tooltip();
        messageTip.textProperty().bind(vm.messageProperty());
        messageLabel.setTooltip(messageTip);

        throughputChart.getData().add(throughputSeries);
        vm.throughputHistory().addListener((ListChangeListener<Double>) c -> redrawChart());
        vm.cpuHistory().addListener((ListChangeListener<Double>) c -> redrawChart());
        chartLabel.setText("Throughput");
        // faded out rather than hidden: the chart is laid out when the window opens, not when Compress is pressed;
        // it shows from its second sample on, as one point draws no line (an empty box after a short batch)
        chartBox.opacityProperty().bind(Bindings.when(Bindings.size(vm.throughputHistory()).greaterThanOrEqualTo(2))
                .then(1.0).otherwise(0.0));

        failedFilter.textProperty().bind(vm.failedCountProperty().asString("%d failed"));
        failedFilter.visibleProperty().bind(vm.failedCountProperty().greaterThan(0).or(vm.onlyFailedProperty()));
        failedFilter.managedProperty().bind(failedFilter.visibleProperty());
        failedFilter.selectedProperty().bindBidirectional(vm.onlyFailedProperty());
        failedFilter.setTooltip(new Tooltip("Show only the failed files"));

        prepareSummary();
        vm.summaryProperty().addListener((o, was, now) -> showSummary(now));
    }

    private void redrawChart() {
        List<Double> history = vm.throughputHistory();
        List<XYChart.Data<Number, Number>> points = new ArrayList<>(history.size());
        for (int i = 0; i < history.size(); i++) {
            points.add(new XYChart.Data<>(i, history.get(i) / 1e6));
        }
        // the first seconds fill a short axis; later the newest minute fills the whole width
        chartX.setUpperBound(Math.max(CHART_MIN_SECONDS, history.size() - 1));
        throughputSeries.getData().setAll(points);
        String text = "Throughput";
        if (!history.isEmpty()) {
            text += "  " + Sizes.format(history.getLast().longValue()) + "/s";
        }
        if (!vm.cpuHistory().isEmpty()) {
            text += String.format(Locale.ROOT, "  ·  CPU %.0f%%", 100 * vm.cpuHistory().getLast());
        }
        chartLabel.setText(text);
    }

    /**
     * One notification, made with the window and shown or hidden: its first showing then costs the
     * FX thread nothing it has not done already, at the moment a batch ends.
     */
    private void prepareSummary() {
        summaryNote.getStyleClass().add(Styles.ELEVATED_2);
        summaryNote.setOnClose(e -> showSummary(null));
        showFailed.setOnAction(e -> vm.onlyFailedProperty().set(true));
        notificationLayer.getChildren().add(summaryNote);
        showSummary(null);
    }

    private void showSummary(MainViewModel.Summary summary) {
        boolean shown = summary != null;
        summaryNote.setVisible(shown);
        summaryNote.setManaged(shown);
        if (!shown) {
            return;
        }
        summaryNote.setMessage(summary.title() + "\n" + summary.text());
        summaryNote.getStyleClass().removeAll(Styles.DANGER, Styles.WARNING, Styles.SUCCESS);
        summaryNote.getStyleClass().add(summary.failed() > 0 ? Styles.DANGER
                : summary.cancelled() > 0 ? Styles.WARNING : Styles.SUCCESS);
        if (summary.failed() > 0) {
            summaryNote.setPrimaryActions(showFailed);
        } else {
            summaryNote.getPrimaryActions().clear();
        }
        summaryNote.setAccessibleText(summary.title() + ". " + summary.text());
    }

    private void bindCommands() {
        compressButton.disableProperty().bind(vm.canCompressProperty().not());
        cancelButton.disableProperty().bind(vm.canCancelProperty().not());
        removeButton.disableProperty().bind(vm.canEditProperty().not()
                .or(Bindings.isEmpty(table.getSelectionModel().getSelectedItems())));
        clearButton.disableProperty().bind(vm.canEditProperty().not().or(Bindings.isEmpty(vm.rows())));
        exportButton.disableProperty().bind(vm.hasResultsProperty().not());

        compressButton.setTooltip(new Tooltip("Compress the queued files (Ctrl+Enter)"));
        cancelButton.setTooltip(new Tooltip("Stop; every original stays as it was (Esc)"));
        addFilesButton.setTooltip(new Tooltip("Add files (Ctrl+O)"));
        addFolderButton.setTooltip(new Tooltip("Add a folder and every file in it (Ctrl+Shift+O)"));
        removeButton.setTooltip(new Tooltip("Remove the selected rows from the list (Delete); no file is touched"));
        clearButton.setTooltip(new Tooltip("Empty the list; no file is touched"));

        root.sceneProperty().addListener((o, was, scene) -> {
            if (scene != null) {
                scene.getAccelerators().put(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN),
                        this::addFiles);
                scene.getAccelerators().put(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN,
                        KeyCombination.SHIFT_DOWN), this::addFolder);
                scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN),
                        this::compress);
                scene.getAccelerators().put(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN),
                        () -> quit(scene.getWindow()));
            }
        });
    }

    /** Ctrl+Q closes the window as its close button does: a running batch is cancelled and cleaned up first. */
    private void quit(Window window) {
        window.fireEvent(new WindowEvent(window, WindowEvent.WINDOW_CLOSE_REQUEST));
        if (vm.phaseProperty().get() == MainViewModel.Phase.IDLE) {
            window.hide();
        }
    }

    private void bindDrop() {
        root.setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY_OR_MOVE);
                dropArea.pseudoClassStateChanged(DRAG_OVER, true);
            }
            e.consume();
        });
        root.setOnDragExited(e -> dropArea.pseudoClassStateChanged(DRAG_OVER, false));
        root.setOnDragDropped(this::dropped);
    }

    private void dropped(DragEvent e) {
        dropArea.pseudoClassStateChanged(DRAG_OVER, false);
        boolean files = e.getDragboard().hasFiles();
        if (files) {
            vm.add(e.getDragboard().getFiles().stream().map(File::toPath).toList());
        }
        e.setDropCompleted(files);
        e.consume();
    }

    // ---- actions ----

    @FXML
    private void addFiles() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Add files to compress");
        if (lastFolder != null && lastFolder.isDirectory()) {
            chooser.setInitialDirectory(lastFolder);
        }
        List<File> files = chooser.showOpenMultipleDialog(window());
        if (files != null && !files.isEmpty()) {
            lastFolder = files.getFirst().getParentFile();
            vm.add(files.stream().map(File::toPath).toList());
        }
    }

    @FXML
    private void addFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Add a folder to compress");
        if (lastFolder != null && lastFolder.isDirectory()) {
            chooser.setInitialDirectory(lastFolder);
        }
        File folder = chooser.showDialog(window());
        if (folder != null) {
            lastFolder = folder.getParentFile();
            vm.add(List.of(folder.toPath()));
        }
    }

    @FXML
    private void removeSelected() {
        vm.remove(selected());
    }

    @FXML
    private void clearAll() {
        vm.clear();
    }

    @FXML
    private void compress() {
        vm.compress();
    }

    @FXML
    private void cancel() {
        vm.cancel();
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
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the results as " + kind);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(kind, pattern));
        chooser.setInitialFileName(name);
        if (lastFolder != null && lastFolder.isDirectory()) {
            chooser.setInitialDirectory(lastFolder);
        }
        File file = chooser.showSaveDialog(window());
        if (file == null) {
            return;
        }
        try {
            export.to(file.toPath());
        } catch (IOException e) {
            Alert alert = new Alert(Alert.AlertType.ERROR, file + ": cannot write the results: " + e.getMessage(),
                    ButtonType.OK);
            alert.initOwner(window());
            alert.setHeaderText("Export failed");
            alert.show();
        }
    }

    private void showInFolder(FileRow row) {
        Path folder = row.path().getParent();
        if (folder != null) {
            openDocument.accept(folder.toUri().toString());
        }
    }

    private List<FileRow> selected() {
        return List.copyOf(table.getSelectionModel().getSelectedItems());
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }

    private static <T> StringConverter<T> converter(Function<T, String> toText) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : toText.apply(value);
            }

            @Override
            public T fromString(String text) {
                throw new UnsupportedOperationException("not editable");
            }
        };
    }

    // ---- cells ----

    /** A right-aligned figure, as text. */
    private static final class TextCell<T> extends TableCell<FileRow, T> {
        private final Function<T, String> format;

        TextCell(Function<T, String> format) {
            this.format = format;
        }

        @Override
        protected void updateItem(T value, boolean empty) {
            super.updateItem(value, empty);
            setText(empty || value == null ? null : format.apply(value));
        }
    }

    /** A bar with the percent beside it. */
    private static final class ProgressCell extends TableCell<FileRow, Number> {
        private final ProgressBar bar = new ProgressBar();
        private final Label percent = new Label();
        private final HBox box = new HBox(bar, percent);

        ProgressCell() {
            box.getStyleClass().add("progress-cell");
            bar.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(bar, Priority.ALWAYS);
            bar.getStyleClass().add(Styles.SMALL);
            setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        }

        @Override
        protected void updateItem(Number value, boolean empty) {
            super.updateItem(value, empty);
            if (empty || value == null) {
                setGraphic(null);
                return;
            }
            bar.setProgress(value.doubleValue());
            // a negative value: under way, how far not known (a bar that spins, no percent)
            percent.setText(value.doubleValue() < 0 ? "" : String.format(Locale.ROOT, "%.0f%%", 100 * value.doubleValue()));
            setGraphic(box);
        }
    }

    /** An icon and a word; the icon's shape and colour come from CSS by state. */
    private static final class StateCell extends TableCell<FileRow, RowState> {
        private final Region icon = new Region();

        StateCell() {
            icon.getStyleClass().add("state-icon");
            getStyleClass().add("state-cell");
        }

        @Override
        protected void updateItem(RowState state, boolean empty) {
            super.updateItem(state, empty);
            for (RowState s : RowState.values()) {
                pseudoClassStateChanged(PseudoClass.getPseudoClass(s.word()), !empty && s == state);
            }
            setText(empty || state == null ? null : state.word());
            setGraphic(empty || state == null ? null : icon);
        }
    }

    /** "verified, CRC-32 ...", or the failure, coloured by which. */
    private static final class IntegrityCell extends TableCell<FileRow, String> {
        private static final PseudoClass VERIFIED = PseudoClass.getPseudoClass("verified");
        private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");

        IntegrityCell() {
            getStyleClass().add("integrity-cell");
        }

        @Override
        protected void updateItem(String text, boolean empty) {
            super.updateItem(text, empty);
            FileRow row = empty ? null : getTableRow().getItem();
            setText(empty ? null : text);
            pseudoClassStateChanged(VERIFIED, row != null && row.state() == RowState.DONE);
            pseudoClassStateChanged(FAILED, row != null && row.state() == RowState.FAILED);
        }
    }

    /** An engine by name; one that cannot run here is greyed out with the reason. */
    private static final class EngineCell extends ListCell<Engines> {
        private final Function<Engines, String> name;
        private final Function<Engines, String> missing;

        EngineCell(Function<Engines, String> name, Function<Engines, String> missing) {
            this.name = name;
            this.missing = missing;
        }

        @Override
        protected void updateItem(Engines engine, boolean empty) {
            super.updateItem(engine, empty);
            if (empty || engine == null) {
                setText(null);
                setDisable(false);
                setTooltip(null);
                return;
            }
            String why = missing.apply(engine);
            setText(name.apply(engine));
            setDisable(!why.isEmpty());
            setTooltip(why.isEmpty() ? null : new Tooltip(why));
        }
    }
}

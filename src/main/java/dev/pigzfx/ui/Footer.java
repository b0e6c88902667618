package dev.pigzfx.ui;

import dev.pigzfx.batch.Mode;
import dev.pigzfx.batch.Sizes;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.geometry.Insets;
import javafx.scene.chart.AreaChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The controller of {@code Footer.fxml}: the overall bar, the batch's figures, the user's note,
 * the throughput chart, the failed-only filter, Cancel and Compress. Binds them to the
 * {@link MainViewModel}; decides nothing.
 */
final class Footer {

    /** The throughput chart's shortest time axis. */
    private static final int CHART_MIN_SECONDS = 10;

    private final MainViewModel vm;
    private final XYChart.Series<Number, Number> throughputSeries = new XYChart.Series<>();

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
    @FXML private Button decompressOpenedButton;

    Footer(MainViewModel vm) {
        this.vm = vm;
    }

    @FXML
    private void initialize() {
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

        compressButton.disableProperty().bind(vm.canCompressProperty().not());
        decompressOpenedButton.visibleProperty().bind(vm.canDecompressOpenedProperty());
        decompressOpenedButton.managedProperty().bind(decompressOpenedButton.visibleProperty());
        decompressOpenedButton.setTooltip(new Tooltip("Switch to Decompress and get back the files of the .gz"
                + " files opened and tested"));
        cancelButton.disableProperty().bind(vm.canCancelProperty().not());
        compressButton.textProperty().bind(Bindings.createStringBinding(this::word, vm.modeProperty(),
                vm.oneArchiveProperty()));
        // as wide as its widest word, whichever mode shows: the buttons beside it never move
        compressButton.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        compressButton.fontProperty().addListener((o, was, font) -> widen(font));
        compressButton.paddingProperty().addListener((o, was, padding) -> widen(compressButton.getFont()));
        widen(compressButton.getFont());
        Tooltip compressTip = new Tooltip();
        compressTip.textProperty().bind(Bindings.createStringBinding(() -> Shortcuts.hint(
                makesArchive() ? "Make one .tar.gz of the list" : word() + " the queued files", Shortcuts.COMPRESS),
                vm.modeProperty(), vm.oneArchiveProperty()));
        compressButton.setTooltip(compressTip);
        cancelButton.setTooltip(new Tooltip("Stop; every original stays as it was (Esc)"));
    }

    private static final String MAKE_ARCHIVE = "Make archive";

    private boolean makesArchive() {
        return vm.modeProperty().get() == Mode.COMPRESS && vm.oneArchiveProperty().get();
    }

    /** The main button's word: the action's verb, or what one archive is. */
    private String word() {
        return makesArchive() ? MAKE_ARCHIVE : OptionsModel.verb(vm.modeProperty().get());
    }

    /** Gives the main button room for its widest word. */
    private void widen(javafx.scene.text.Font font) {
        double widest = 0;
        List<String> words = new ArrayList<>();
        for (Mode mode : Mode.values()) {
            words.add(OptionsModel.verb(mode));
        }
        words.add(MAKE_ARCHIVE);
        for (String text : words) {
            javafx.scene.text.Text word = new javafx.scene.text.Text(text);
            word.setFont(font);
            widest = Math.max(widest, word.getLayoutBounds().getWidth());
        }
        Insets padding = compressButton.getPadding();
        compressButton.setPrefWidth(Math.ceil(widest + padding.getLeft() + padding.getRight()) + 2);
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

    @FXML
    void compress() {
        vm.compress();
    }

    @FXML
    private void decompressOpened() {
        vm.decompressOpened();
    }

    @FXML
    private void cancel() {
        vm.cancel();
    }
}

package dev.pigzfx.ui;

import dev.pigzfx.batch.Sizes;
import dev.pigzfx.ui.cells.IntegrityCell;
import dev.pigzfx.ui.cells.ProgressCell;
import dev.pigzfx.ui.cells.StateCell;
import dev.pigzfx.ui.cells.TextCell;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ObservableList;
import javafx.collections.transformation.SortedList;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The controller of {@code FileTable.fxml}: the files, a row each, with their figures, state and
 * integrity; its context menu and keys. Binds the rows to the {@link MainViewModel}; decides nothing.
 */
final class FileTable {

    private final MainViewModel vm;
    /** Opens a folder in the system's file manager ("Show in folder"). */
    private final Consumer<String> openDocument;
    /** Whether the table follows the batch's work: from Compress until the user scrolls. */
    private boolean following;
    private static final long FOLLOW_NANOS = 1_000_000_000;
    private long lastFollowed = System.nanoTime() - FOLLOW_NANOS;

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

    FileTable(MainViewModel vm, Consumer<String> openDocument) {
        this.vm = vm;
        this.openDocument = openDocument;
    }

    /** The rows the user selected. */
    ObservableList<FileRow> selection() {
        return table.getSelectionModel().getSelectedItems();
    }

    @FXML
    private void initialize() {
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

        // however narrow the window, a column keeps room for its title
        javafx.scene.text.Font bold = javafx.scene.text.Font.font(javafx.scene.text.Font.getDefault().getFamily(),
                javafx.scene.text.FontWeight.BOLD, javafx.scene.text.Font.getDefault().getSize());
        for (TableColumn<FileRow, ?> column : table.getColumns()) {
            javafx.scene.text.Text title = new javafx.scene.text.Text(column.getText());
            title.setFont(bold);
            column.setMinWidth(Math.max(column.getMinWidth(), Math.ceil(title.getLayoutBounds().getWidth()) + 32));
        }

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
        // the files being worked on stay in view while a batch runs, unless the user scrolls away
        table.addEventFilter(ScrollEvent.SCROLL, e -> following = false);
        vm.phaseProperty().addListener((o, was, now) -> following = now == MainViewModel.Phase.RUNNING);
        vm.workingProperty().addListener((o, was, row) -> {
            long now = System.nanoTime();
            // each scroll lays out every row in view again: at most once a second (a batch of thousands of
            // small files starts a hundred a tenth of a second), and only when the work has left the view
            if (following && row != null && now - lastFollowed >= FOLLOW_NANOS && !inView(row)) {
                lastFollowed = now;
                table.scrollTo(row);
            }
        });
        // files opened while the window is open may land far below: bring them into view, selected
        vm.openedProperty().addListener((o, was, rows) -> {
            table.getSelectionModel().clearSelection();
            rows.forEach(table.getSelectionModel()::select);
            if (!rows.isEmpty()) {
                table.scrollTo(rows.getFirst());
            }
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DELETE || e.getCode() == KeyCode.BACK_SPACE) {
                vm.remove(selected());
                e.consume();
            }
        });

        Label emptyTitle = new Label("Drop files or folders here");
        emptyTitle.getStyleClass().add("empty-title");
        Label emptyHint = new Label("or use " + Shortcuts.hint("Add files…", Shortcuts.ADD_FILES) + " and "
                + Shortcuts.hint("Add folder…", Shortcuts.ADD_FOLDER) + ".\nNothing starts until you press "
                + Shortcuts.hint("Compress", Shortcuts.COMPRESS) + ".");
        emptyHint.getStyleClass().add("empty-hint");
        Region emptyIcon = new Region();
        emptyIcon.getStyleClass().add("empty-icon");
        VBox empty = new VBox(emptyIcon, emptyTitle, emptyHint);
        empty.getStyleClass().add("empty-state");
        Label noFailures = new Label("No failed files.");
        noFailures.getStyleClass().add("empty-hint");
        Label noMatch = new Label("No files match the filter.");
        noMatch.getStyleClass().add("empty-hint");
        table.placeholderProperty().bind(Bindings.when(vm.onlyFailedProperty()).<Node>then(noFailures)
                .otherwise(Bindings.when(vm.filterTextProperty().isNotEmpty()
                        .or(vm.filterStateProperty().isNotEqualTo(RowFilter.ALL))).<Node>then(noMatch)
                        .otherwise(empty)));
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
        remove.setOnAction(e -> vm.remove(selected()));
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

    /** Whether {@code row} is among the rows the table shows now. */
    private boolean inView(FileRow row) {
        if (!(table.lookup(".virtual-flow") instanceof javafx.scene.control.skin.VirtualFlow<?> flow)
                || flow.getFirstVisibleCell() == null || flow.getLastVisibleCell() == null) {
            return false;
        }
        int at = table.getItems().indexOf(row);
        return at >= flow.getFirstVisibleCell().getIndex() && at <= flow.getLastVisibleCell().getIndex();
    }

    private void showInFolder(FileRow row) {
        Path folder = row.path().getParent();
        if (folder == null) {
            return;
        }
        try {
            openDocument.accept(folder.toUri().toString());
        } catch (RuntimeException e) {
            // no file manager to ask: the folder's path goes where the user can paste it
            ClipboardContent content = new ClipboardContent();
            content.putString(folder.toString());
            Clipboard.getSystemClipboard().setContent(content);
            vm.couldNotShow(folder, e.getMessage());
        }
    }

    private List<FileRow> selected() {
        return List.copyOf(table.getSelectionModel().getSelectedItems());
    }
}

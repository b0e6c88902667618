package dev.pigzfx.ui;

import dev.pigzfx.batch.Mode;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.stage.Window;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/**
 * The controller of {@code MainView.fxml}, which joins the window's regions, each a file of its own
 * with its own controller ({@link OptionsBar}, {@link FilterBar}, {@link FileTable}, {@link SummaryNote},
 * {@link Footer}):
 * it connects what crosses regions (Remove works on the table's selection), takes drops, and holds
 * the window's keys. Like the regions it decides nothing; the {@link MainViewModel} does.
 */
public final class MainView {

    private static final PseudoClass DRAG_OVER = PseudoClass.getPseudoClass("drag-over");

    private final MainViewModel vm;
    private final FileDialogs dialogs;

    @FXML private BorderPane root;
    @FXML private StackPane dropArea;
    @FXML private OptionsBar optionsBarController;
    @FXML private FileTable tableController;
    @FXML private Footer footerController;

    private MainView(MainViewModel vm, FileDialogs dialogs) {
        this.vm = vm;
        this.dialogs = dialogs;
    }

    /**
     * Loads the window's content over a ViewModel, with its stylesheet.
     *
     * @param openDocument opens a folder in the system's file manager ("Show in folder")
     */
    static Parent load(MainViewModel vm, Consumer<String> openDocument) {
        FileDialogs dialogs = new FileDialogs();
        FXMLLoader loader = new FXMLLoader(MainView.class.getResource("MainView.fxml"));
        loader.setControllerFactory(type -> {
            if (type == MainView.class) {
                return new MainView(vm, dialogs);
            } else if (type == OptionsBar.class) {
                return new OptionsBar(vm, dialogs, openDocument);
            } else if (type == FileTable.class) {
                return new FileTable(vm, openDocument);
            } else if (type == SummaryNote.class) {
                return new SummaryNote(vm);
            } else if (type == Footer.class) {
                return new Footer(vm);
            } else if (type == FilterBar.class) {
                return new FilterBar(vm);
            }
            throw new IllegalArgumentException("no controller of the window is a " + type.getName());
        });
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
        dialogs.owner(this::window);
        optionsBarController.selection(tableController.selection());
        bindKeys();
        bindDrop();
    }

    private void bindKeys() {
        root.sceneProperty().addListener((o, was, scene) -> {
            if (scene != null) {
                scene.getAccelerators().put(Shortcuts.ADD_FILES, optionsBarController::addFiles);
                scene.getAccelerators().put(Shortcuts.ADD_FOLDER, optionsBarController::addFolder);
                scene.getAccelerators().put(Shortcuts.COMPRESS, footerController::compress);
                scene.getAccelerators().put(Shortcuts.QUIT, () -> closeWhenIdle(scene.getWindow(), vm));
                scene.getAccelerators().put(Shortcuts.COMPRESS_MODE, () -> choose(Mode.COMPRESS));
                scene.getAccelerators().put(Shortcuts.DECOMPRESS_MODE, () -> choose(Mode.DECOMPRESS));
                scene.getAccelerators().put(Shortcuts.TEST_MODE, () -> choose(Mode.TEST));
                scene.getAccelerators().put(Shortcuts.ABOUT, optionsBarController::about);
            }
        });
    }

    /** The Action switch from the keyboard: only while the options may change, as with the mouse. */
    private void choose(Mode mode) {
        if (vm.canEditProperty().get()) {
            vm.modeProperty().set(mode);
        }
    }

    /**
     * Closes the window as its close button does (Ctrl+Q, and a quit from the desktop): at once when
     * idle, else once the batch it cancels has cleaned up.
     */
    static void closeWhenIdle(Window window, MainViewModel vm) {
        if (vm.phaseProperty().get() == MainViewModel.Phase.IDLE) {
            window.hide();
            return;
        }
        vm.cancel();
        vm.phaseProperty().addListener((o, was, now) -> {
            if (now == MainViewModel.Phase.IDLE) {
                window.hide();
            }
        });
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
            vm.drop(e.getDragboard().getFiles().stream().map(File::toPath).toList());
        }
        e.setDropCompleted(files);
        e.consume();
    }

    private Window window() {
        return root.getScene() == null ? null : root.getScene().getWindow();
    }
}

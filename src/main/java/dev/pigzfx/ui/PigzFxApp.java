package dev.pigzfx.ui;

import dev.pigzfx.platform.Os;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Screen;
import javafx.stage.Stage;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/**
 * The window: the main view over its ViewModel, the theme, and the window's place remembered.
 * Paths given on the command line arrive queued; a start while the window is open hands its paths
 * to it and ends ({@link SingleInstance}). Closing the window during a batch cancels it and
 * closes once every file in hand has cleaned up, so no temporary file is left behind.
 */
public final class PigzFxApp extends Application {

    private static final double DEFAULT_WIDTH = 1180;
    private static final double DEFAULT_HEIGHT = 720;
    /** The narrowest the window goes: every column keeps room for what it shows ("compressing", "153 MB"). */
    static final double MIN_WIDTH = 1000;
    /** The sizes of the window's icon, made from {@code icons/pigzfx.svg} by {@code packaging/make-icons.sh}. */
    static final int[] ICON_SIZES = {16, 32, 48, 64, 128, 256};
    /**
     * A training run, for the start-up cache the installers ship ({@code packaging/Installer.java}):
     * the window starts as usual, compresses what it was given, and closes.
     */
    private static final String TRAINING = "pigzfx.training";

    public static void open(String[] args) {
        SingleInstance single = SingleInstance.user();
        boolean training = Boolean.getBoolean(TRAINING);
        if (!training && single.handOver(paths(List.of(args)))) {
            return; // the open window has them
        }
        DesktopEvents.SYSTEM.listen();
        if (!training) {
            single.listen(DesktopEvents.SYSTEM::arrived);
        }
        try {
            Application.launch(PigzFxApp.class, args);
        } finally {
            single.close();
        }
    }

    /** The window's ViewModel, once started: what runs besides the window stops with it. */
    private MainViewModel viewModel;

    /** The window closed: the API, if it answers, stops (its batches cancelled, every original kept). */
    @Override
    public void stop() {
        if (viewModel != null) {
            viewModel.close();
        }
    }

    @Override
    public void start(Stage stage) {
        Settings settings = Settings.user();
        MainViewModel vm = MainViewModel.create(settings);
        viewModel = vm;
        Themes.follow(vm.themeProperty());
        Scene scene = new Scene(MainView.load(vm, this::showDocument),
                DEFAULT_WIDTH, DEFAULT_HEIGHT);
        // the task bar shows how far a batch has got
        stage.titleProperty().bind(Bindings.when(vm.phaseProperty().isEqualTo(MainViewModel.Phase.IDLE))
                .then("PigzFX")
                .otherwise(Bindings.format("%.0f%% - PigzFX", vm.overallProgressProperty().multiply(100))));
        stage.setScene(scene);
        stage.getIcons().setAll(icons());
        stage.setMinWidth(MIN_WIDTH);
        stage.setMinHeight(560);
        place(stage, settings.bounds());
        cancelOnClose(stage, vm);
        stage.setOnHidden(e -> settings.saveBounds(new Settings.Bounds(stage.getX(), stage.getY(),
                stage.getWidth(), stage.getHeight(), stage.isMaximized())));
        stage.show();
        List<Path> given = paths(getParameters().getRaw());
        CompletableFuture<Integer> queued = vm.add(given);
        // files opened later (Finder, a second start) are queued, and the window comes to the front;
        // quitting from the desktop closes the window as its close button would
        DesktopEvents.SYSTEM.deliverTo(paths -> {
            vm.add(paths);
            stage.setIconified(false);
            stage.toFront();
            stage.requestFocus();
        }, () -> MainView.closeWhenIdle(stage, vm));
        if (Boolean.getBoolean(TRAINING)) {
            queued.thenCompose(added -> vm.compress()).whenComplete((result, failure) -> Platform.exit());
        }
    }

    /**
     * The paths named at the start. A name this system cannot take as a path (one that is not text
     * in a C locale's ASCII) is left out and logged, rather than stop the window from opening.
     */
    static List<Path> paths(List<String> args) {
        List<Path> paths = new ArrayList<>(args.size());
        for (String arg : args) {
            try {
                paths.add(Path.of(arg));
            } catch (InvalidPathException e) {
                System.getLogger(PigzFxApp.class.getName()).log(System.Logger.Level.WARNING,
                        "{0}: not a path in this locale''s encoding ({1}): left out", arg,
                        System.getProperty("sun.jnu.encoding"));
            }
        }
        return paths;
    }

    /**
     * Opens a folder in the system's file manager. JavaFX asks for it and says nothing when there is
     * none to ask (Linux without xdg-open): that case is told, so that the window can say it.
     */
    private void showDocument(String uri) {
        if (Os.current() == Os.LINUX
                && java.util.stream.Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .noneMatch(dir -> java.nio.file.Files.isExecutable(Path.of(dir, "xdg-open")))) {
            throw new IllegalStateException("no file manager is set up to open it (xdg-open is not installed)");
        }
        getHostServices().showDocument(uri);
    }

    /** The window's icon in every size, for the title bar, the task bar and the window switcher. */
    static List<Image> icons() {
        return IntStream.of(ICON_SIZES)
                .mapToObj(size -> new Image(PigzFxApp.class.getResource("icons/pigzfx-" + size + ".png").toExternalForm()))
                .toList();
    }

    /**
     * Closing the window during a batch cancels it and closes once the files in hand have cleaned
     * up: the process must not end while a temporary file is being written.
     */
    static void cancelOnClose(Stage stage, MainViewModel vm) {
        stage.setOnCloseRequest(e -> {
            if (vm.phaseProperty().get() != MainViewModel.Phase.IDLE) {
                e.consume();
                MainView.closeWhenIdle(stage, vm);
            }
        });
    }

    /** Where the window was last time, if that is still on a screen. */
    private static void place(Stage stage, Settings.Bounds bounds) {
        if (bounds == null) {
            return;
        }
        stage.setWidth(bounds.width());
        stage.setHeight(bounds.height());
        if (!Double.isNaN(bounds.x()) && !Double.isNaN(bounds.y()) && !Screen.getScreensForRectangle(
                new Rectangle2D(bounds.x(), bounds.y(), bounds.width(), bounds.height())).isEmpty()) {
            stage.setX(bounds.x());
            stage.setY(bounds.y());
        }
        stage.setMaximized(bounds.maximized());
    }
}

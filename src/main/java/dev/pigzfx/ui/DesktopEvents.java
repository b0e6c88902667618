package dev.pigzfx.ui;

import dev.pigzfx.platform.Os;
import javafx.application.Platform;

import java.awt.Desktop;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the desktop asks of PigzFX while it runs, through AWT's {@code Desktop} (macOS):
 * <ul>
 * <li>Files to open: a {@code .gz} double-clicked in Finder, or files dropped on the Dock icon,
 *     arrive as an event rather than as arguments; they are queued as if dropped on the window.
 *     Those that come before the window exists wait for it.</li>
 * <li>Quit (the application menu, Cmd+Q, the Dock, logging out): AWT's own answer would end the
 *     process at once, in the middle of a batch. PigzFX goes the way closing the window goes
 *     instead: the batch is cancelled, its temporary files removed, the window's place saved.</li>
 * </ul>
 */
final class DesktopEvents {

    /** The process's own, fed by the platform. */
    static final DesktopEvents SYSTEM = new DesktopEvents();

    private final List<Path> waiting = new ArrayList<>();
    private Consumer<List<Path>> queue;
    private Runnable quit;

    /** Listens where the platform delivers such events (macOS); elsewhere there are none. */
    void listen() {
        if (Os.current() != Os.MAC) {
            return;
        }
        try {
            if (!Desktop.isDesktopSupported()) {
                return;
            }
            Desktop desktop = Desktop.getDesktop();
            if (desktop.isSupported(Desktop.Action.APP_OPEN_FILE)) {
                desktop.setOpenFileHandler(e -> arrived(e.getFiles().stream().map(File::toPath).toList()));
            }
            if (desktop.isSupported(Desktop.Action.APP_QUIT_HANDLER)) {
                desktop.setQuitHandler((e, response) -> {
                    if (quitRequested()) {
                        response.cancelQuit(); // the window closes itself, and the process ends with it
                    } else {
                        response.performQuit();
                    }
                });
            }
        } catch (UnsupportedOperationException e) {
            // no desktop here: files named as arguments still arrive
        }
    }

    /** Called from whatever thread the platform uses. */
    synchronized void arrived(List<Path> paths) {
        if (queue == null) {
            waiting.addAll(paths);
        } else {
            Consumer<List<Path>> to = queue;
            Platform.runLater(() -> to.accept(paths));
        }
    }

    /**
     * The desktop asks PigzFX to quit, from whatever thread it uses.
     *
     * @return whether the window takes it over (on the FX thread); false when there is no window
     *         yet, and nothing to lose by quitting at once
     */
    synchronized boolean quitRequested() {
        if (quit == null) {
            return false;
        }
        Platform.runLater(quit);
        return true;
    }

    /**
     * From now on opened files go to {@code to}, on the FX thread, and any that came earlier go
     * first; a request to quit runs {@code onQuit} there.
     */
    synchronized void deliverTo(Consumer<List<Path>> to, Runnable onQuit) {
        queue = to;
        quit = onQuit;
        if (!waiting.isEmpty()) {
            List<Path> early = List.copyOf(waiting);
            waiting.clear();
            Platform.runLater(() -> to.accept(early));
        }
    }
}

package dev.pigzfx.ui;

import javafx.application.Platform;

import java.awt.Desktop;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Files the system asks PigzFX to open while it runs. On macOS a {@code .gz} double-clicked in
 * Finder, or files dropped on the Dock icon, arrive as an event rather than as arguments; they are
 * queued as if dropped on the window. Those that come before the window exists wait for it.
 */
final class OpenedFiles {

    /** The process's own, fed by the platform. */
    static final OpenedFiles SYSTEM = new OpenedFiles();

    private final List<Path> waiting = new ArrayList<>();
    private Consumer<List<Path>> queue;

    /** Listens where the platform delivers such events (macOS); elsewhere there are none. */
    void listen() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac")) {
            return;
        }
        try {
            if (Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.APP_OPEN_FILE)) {
                Desktop.getDesktop().setOpenFileHandler(e -> arrived(e.getFiles().stream().map(File::toPath).toList()));
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

    /** From now on opened files go to {@code to}, on the FX thread; any that came earlier go first. */
    synchronized void deliverTo(Consumer<List<Path>> to) {
        queue = to;
        if (!waiting.isEmpty()) {
            List<Path> early = List.copyOf(waiting);
            waiting.clear();
            Platform.runLater(() -> to.accept(early));
        }
    }
}

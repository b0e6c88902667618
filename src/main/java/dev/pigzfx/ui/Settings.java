package dev.pigzfx.ui;

import dev.pigzfx.batch.CompressOptions;
import dev.pigzfx.batch.Incompressible;
import dev.pigzfx.batch.Plan;
import dev.pigzfx.engine.Engines;
import dev.pigzfx.platform.Os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * What the window remembers between runs, in {@code java.util.prefs}: the options, the theme and
 * the window's place. A value that cannot be read (an older or hand-edited store) falls back to
 * its default rather than failing the start.
 */
final class Settings {

    /** The user's node; the system property {@code pigzfx.prefs.node} names another (tests use it). */
    static Settings user() {
        prepareStore();
        return new Settings(Preferences.userRoot().node(System.getProperty("pigzfx.prefs.node", "dev/pigzfx")));
    }

    /**
     * On Linux and other Unixes java.util.prefs keeps its store in {@code ~/.java/.userPrefs}, and
     * on a new user's first start it makes that folder and says so on the terminal ("INFO: Created
     * user preferences directory."). Made here first, owner-only as java.util.prefs makes it, the
     * first start is as quiet as every other.
     */
    private static void prepareStore() {
        if (Os.current() == Os.WINDOWS || Os.current() == Os.MAC) {
            return; // the registry and property lists: nothing is printed there
        }
        Path store = Path.of(System.getProperty("java.util.prefs.userRoot", System.getProperty("user.home")),
                ".java", ".userPrefs");
        try {
            if (!Files.isDirectory(store)) {
                Files.createDirectories(store.getParent());
                Files.createDirectory(store, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // java.util.prefs tries again itself, and says what went wrong
        }
    }

    /** The window's place and size, in screen coordinates. */
    record Bounds(double x, double y, double width, double height, boolean maximized) {
    }

    private final Preferences node;

    Settings(Preferences node) {
        this.node = node;
    }

    Preferences node() {
        return node;
    }

    int level() {
        int level = node.getInt("level", CompressOptions.DEFAULT_LEVEL);
        return level >= 1 && level <= 9 ? level : CompressOptions.DEFAULT_LEVEL;
    }

    /** 0 for all cores. */
    int threads() {
        return Math.max(0, node.getInt("threads", 0));
    }

    boolean keep() {
        return node.getBoolean("keep", false);
    }

    Engines engine() {
        return parse(Engines.class, node.get("engine", ""), Engines.AUTO);
    }

    Plan.Strategy strategy() {
        return parse(Plan.Strategy.class, node.get("strategy", ""), Plan.Strategy.ADAPTIVE);
    }

    Theme theme() {
        return parse(Theme.class, node.get("theme", ""), Theme.SYSTEM);
    }

    /** What to do with data that does not shrink; level 1 unless the user chose. */
    Incompressible incompressible() {
        return parse(Incompressible.class, node.get("incompressible", ""), Incompressible.FAST);
    }

    void saveIncompressible(Incompressible policy) {
        node.put("incompressible", policy.name());
    }

    /** Whether the window answers PigzFX's HTTP API while it is open. */
    boolean apiOn() {
        return node.getBoolean("api.on", false);
    }

    void saveApiOn(boolean on) {
        node.putBoolean("api.on", on);
    }

    /** The API's port: the original service's 8000 unless set (0: any free port, for tests). */
    int apiPort() {
        int port = node.getInt("api.port", 8000);
        return port >= 0 && port <= 65535 ? port : 8000;
    }

    void saveApiPort(int port) {
        node.putInt("api.port", port);
    }

    /** Whether Compress makes one archive of the list rather than a .gz of each file. */
    boolean oneArchive() {
        return node.getBoolean("oneArchive", false);
    }

    void saveOneArchive(boolean one) {
        node.putBoolean("oneArchive", one);
    }

    /** Whether Decompress unpacks a .tar.gz to a folder rather than to a .tar. */
    boolean unpackArchives() {
        return node.getBoolean("unpackArchives", true);
    }

    void saveUnpackArchives(boolean unpack) {
        node.putBoolean("unpackArchives", unpack);
    }

    Bounds bounds() {
        double w = node.getDouble("window.width", 0);
        double h = node.getDouble("window.height", 0);
        if (w <= 0 || h <= 0) {
            return null;
        }
        return new Bounds(node.getDouble("window.x", Double.NaN), node.getDouble("window.y", Double.NaN), w, h,
                node.getBoolean("window.maximized", false));
    }

    void saveOptions(int level, int threads, boolean keep, Engines engine, Plan.Strategy strategy, Theme theme) {
        node.putInt("level", level);
        node.putInt("threads", threads);
        node.putBoolean("keep", keep);
        node.put("engine", engine.name());
        node.put("strategy", strategy.name());
        node.put("theme", theme.name());
        // not flushed here: a slider drag would write the file at each step, on the FX thread;
        // java.util.prefs writes changes in the background and when the JVM exits
    }

    void saveBounds(Bounds b) {
        node.putDouble("window.x", b.x());
        node.putDouble("window.y", b.y());
        node.putDouble("window.width", b.width());
        node.putDouble("window.height", b.height());
        node.putBoolean("window.maximized", b.maximized());
        flush();
    }

    private void flush() {
        try {
            node.flush();
        } catch (BackingStoreException ignored) {
            // settings are a convenience: the next start uses the defaults
        }
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name, E fallback) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException unknown) {
            return fallback;
        }
    }
}

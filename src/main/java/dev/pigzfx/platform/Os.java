package dev.pigzfx.platform;

import java.util.Locale;

/**
 * The system PigzFX runs on. Every place where PigzFX behaves differently per system asks here, so
 * that the differences can be found by looking for the uses of this type:
 * <ul>
 * <li>Linux: originals and outputs by descriptor ({@code batch.Libc}), the preferences store's
 *     folder made quietly, a file manager only where {@code xdg-open} is installed, a display
 *     only where {@code DISPLAY} or {@code WAYLAND_DISPLAY} is set.</li>
 * <li>macOS: by name; files opened from Finder arrive through AWT's {@code Desktop}, which also
 *     asks before quitting; settings in Application Support.</li>
 * <li>Windows: by name; no owners, modes or change times; hard links counted through the
 *     system's own call ({@code batch.WindowsFiles}); temporary files hidden; names in the gzip
 *     header as UTF-8; settings in {@code %APPDATA%}.</li>
 * </ul>
 */
public enum Os {
    LINUX, MAC, WINDOWS, OTHER;

    private static final Os CURRENT = of(System.getProperty("os.name", ""));

    /** The system this JVM runs on. */
    public static Os current() {
        return CURRENT;
    }

    /** The system an {@code os.name} names. */
    static Os of(String osName) {
        String name = osName.toLowerCase(Locale.ROOT);
        if (name.startsWith("windows")) {
            return WINDOWS;
        }
        if (name.startsWith("mac") || name.startsWith("darwin")) {
            return MAC;
        }
        return name.startsWith("linux") ? LINUX : OTHER;
    }
}

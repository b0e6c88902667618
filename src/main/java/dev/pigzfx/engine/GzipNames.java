package dev.pigzfx.engine;

import java.util.Locale;

/**
 * The one rule for gzip's file names, as gzip keeps it: {@code NAME} compresses to
 * {@code NAME.gz}; {@code NAME.gz} decompresses to {@code NAME} and {@code NAME.tgz} to
 * {@code NAME.tar}, the suffixes in any case.
 */
public final class GzipNames {

    private GzipNames() {
    }

    /** The name of the compressed file for {@code name}. */
    public static String compressed(String name) {
        return name + ".gz";
    }

    /** Whether {@code name} says the file is gzip already: it ends in {@code .gz} or {@code .tgz}. */
    public static boolean hasSuffix(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".gz") || lower.endsWith(".tgz");
    }

    /** The suffix {@code name} ends in ({@code gz} or {@code tgz}, as written), or null. */
    public static String suffix(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".tgz") ? name.substring(name.length() - 3)
                : lower.endsWith(".gz") ? name.substring(name.length() - 2) : null;
    }

    /**
     * The name {@code name} decompresses to, or null when it has no gzip suffix or nothing before
     * it ({@code .gz} alone).
     */
    public static String decompressed(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".tgz") && name.length() > 4) {
            return name.substring(0, name.length() - 4) + ".tar";
        }
        if (lower.endsWith(".gz") && name.length() > 3) {
            return name.substring(0, name.length() - 3);
        }
        return null;
    }

    /**
     * Whether a name stored in a gzip header may be used as a file's name in the folder of the
     * {@code .gz} ({@code gzip -N}): one name, not a path, not {@code .} or {@code ..}, nothing a
     * file system or a terminal would take for something else.
     */
    public static boolean isSafeStoredName(String stored) {
        if (stored == null || stored.isEmpty() || stored.equals(".") || stored.equals("..") || stored.length() > 255) {
            return false;
        }
        for (int i = 0; i < stored.length(); i++) {
            char c = stored.charAt(i);
            if (c == '/' || c == '\\' || c < 0x20 || c == 0x7f || c == '\uFFFD') {
                return false;
            }
        }
        return true;
    }
}

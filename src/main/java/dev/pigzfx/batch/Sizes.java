package dev.pigzfx.batch;

import java.util.Locale;

/** Byte counts as people write and read them: "128K", "100MB"; "1.5 MB", "100 MB". Units are powers of 1024. */
public final class Sizes {

    private Sizes() {
    }

    public static long parse(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT).replace("IB", "").replace("B", "");
        long unit = 1;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'K' -> unit = 1L << 10;
                case 'M' -> unit = 1L << 20;
                case 'G' -> unit = 1L << 30;
                case 'T' -> unit = 1L << 40;
                default -> unit = 1;
            }
        }
        if (unit != 1) {
            t = t.substring(0, t.length() - 1).strip();
        }
        try {
            double value = Double.parseDouble(t);
            if (value < 0 || !Double.isFinite(value)) {
                throw new NumberFormatException();
            }
            return Math.round(value * unit);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a size (examples: 65536, 128K, 100MB)");
        }
    }

    public static String format(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB", "PB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v < 100 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }
}

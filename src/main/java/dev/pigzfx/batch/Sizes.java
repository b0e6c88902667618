package dev.pigzfx.batch;

import java.math.BigDecimal;
import java.math.RoundingMode;
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
        return (v < 100 ? decimals(v, 1) : decimals(v, 0)) + " " + units[u];
    }

    /**
     * {@code value} with {@code places} decimals exactly as {@code %.Nf} in the root locale writes it:
     * the shortest decimal that names the double, rounded half up. Not through {@link String#format}: its first call in a process sets up
     * locale data, about 25 ms of a command that may take only a few hundred.
     */
    public static String decimals(double value, int places) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP).toPlainString();
    }
}

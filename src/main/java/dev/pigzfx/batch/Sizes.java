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
        return (v < 100 ? decimals(v, 1) : decimals(v, 0)) + " " + units[u];
    }

    /**
     * {@code value} with {@code places} decimals exactly as {@code %.Nf} in the root locale writes it:
     * the shortest decimal that names the double, rounded half up. Neither through {@link String#format},
     * whose first call in a process sets up locale data (about 25 ms of a command that may take only
     * a few hundred), nor through {@code BigDecimal}, whose class set-up computes 5^65536.
     */
    public static String decimals(double value, int places) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        // the shortest decimal: its digits, and how many of them come before the point
        String shortest = Double.toString(Math.abs(value));
        int e = shortest.indexOf('E');
        String mantissa = e < 0 ? shortest : shortest.substring(0, e);
        int dot = mantissa.indexOf('.');
        String digits = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
        int point = dot + (e < 0 ? 0 : Integer.parseInt(shortest.substring(e + 1)));

        // the value times 10^places as a whole number, rounded half up on the first digit left out
        int kept = point + places;
        StringBuilder whole = new StringBuilder();
        for (int i = 0; i < kept; i++) {
            whole.append(i < digits.length() ? digits.charAt(i) : '0');
        }
        boolean up = kept >= 0 && kept < digits.length() && digits.charAt(kept) >= '5';
        for (int i = whole.length() - 1; up && i >= 0; i--) {
            char d = whole.charAt(i);
            whole.setCharAt(i, d == '9' ? '0' : (char) (d + 1));
            up = d == '9';
        }
        if (up) {
            whole.insert(0, '1');
        }
        while (whole.length() > 1 && whole.charAt(0) == '0') {
            whole.deleteCharAt(0);
        }
        while (whole.length() < places + 1) {
            whole.insert(0, '0');
        }
        if (places > 0) {
            whole.insert(whole.length() - places, '.');
        }
        return (Math.copySign(1.0, value) < 0 ? "-" : "") + whole;
    }
}

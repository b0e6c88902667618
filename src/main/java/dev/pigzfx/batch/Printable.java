package dev.pigzfx.batch;

/**
 * A name as a terminal may show it: control characters, which a name can hold and which could move
 * the cursor, recolour or rewrite a terminal, are written as escapes, as {@code ls -b} writes them
 * ({@code \n}, {@code \t}, {@code \033}); a backslash is doubled so that an escape cannot be faked.
 */
public final class Printable {

    private Printable() {
    }

    /** {@code text} with its control characters escaped; the same string when it has none. */
    public static String of(String text) {
        int i = 0;
        while (i < text.length() && !needsEscape(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 8).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (needsEscape(c)) {
                        sb.append('\\').append(String.format("%03o", (int) c & 0xff));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\\';
    }
}

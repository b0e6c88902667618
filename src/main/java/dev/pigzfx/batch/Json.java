package dev.pigzfx.batch;

/** The little JSON the command line prints: objects, arrays, strings and numbers, escaped by RFC 8259. */
public final class Json {

    private final StringBuilder out = new StringBuilder();
    private boolean needComma;

    public Json beginObject() {
        comma();
        out.append('{');
        needComma = false;
        return this;
    }

    public Json endObject() {
        out.append('}');
        needComma = true;
        return this;
    }

    public Json beginArray(String key) {
        key(key);
        out.append('[');
        needComma = false;
        return this;
    }

    public Json endArray() {
        out.append(']');
        needComma = true;
        return this;
    }

    public Json beginObject(String key) {
        key(key);
        out.append('{');
        needComma = false;
        return this;
    }

    public Json field(String key, String value) {
        key(key);
        string(value);
        needComma = true;
        return this;
    }

    /** A string field, or {@code null} when there is no value. */
    public Json fieldOrNull(String key, String value) {
        if (value != null) {
            return field(key, value);
        }
        key(key);
        out.append("null");
        needComma = true;
        return this;
    }

    public Json field(String key, long value) {
        key(key);
        out.append(value);
        needComma = true;
        return this;
    }

    public Json field(String key, double value) {
        key(key);
        out.append(Double.isFinite(value) ? Double.toString(value) : "null");
        needComma = true;
        return this;
    }

    public Json field(String key, boolean value) {
        key(key);
        out.append(value);
        needComma = true;
        return this;
    }

    private void key(String key) {
        comma();
        string(key);
        out.append(": ");
    }

    private void comma() {
        if (needComma) {
            out.append(", ");
        }
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @Override
    public String toString() {
        return out.toString();
    }
}

package dev.pigzfx.engine;

import java.io.IOException;
import java.util.Locale;

/** The engines the user can choose between, by the names the command line and the window use. */
public enum Engines {
    /** The best engine available here; for now the zlib engine, which works everywhere. */
    AUTO,
    ZLIB,
    PIGZ;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Engines parse(String id) {
        for (Engines e : values()) {
            if (e.id().equalsIgnoreCase(id)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown engine '" + id + "': choose auto, zlib or pigz");
    }

    /** Whether this engine can run on this machine; {@link #unavailableReason()} says why not. */
    public boolean available() {
        return this != PIGZ || PigzEngine.find().isPresent();
    }

    public String unavailableReason() {
        return available() ? "" : PigzEngine.missingMessage();
    }

    /**
     * @throws IOException with a message saying what to install when the engine cannot run here
     */
    public GzipEngine create() throws IOException {
        return switch (this) {
            case AUTO, ZLIB -> new ZlibEngine();
            case PIGZ -> PigzEngine.find().orElseThrow(() -> new IOException(PigzEngine.missingMessage()));
        };
    }
}

package dev.pigzfx.engine;

import java.io.IOException;
import java.util.Locale;

/** The engines the user can choose between, by the names the command line and the window use. */
public enum Engines {
    /** The best engine available here: libdeflate where installed, else zlib, which works everywhere. */
    AUTO,
    ZLIB,
    LIBDEFLATE,
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
        throw new IllegalArgumentException("unknown engine '" + id + "': choose auto, zlib, libdeflate or pigz");
    }

    /** Whether this engine can run on this machine; {@link #unavailableReason()} says why not. */
    public boolean available() {
        return switch (this) {
            case AUTO, ZLIB -> true;
            case LIBDEFLATE -> LibdeflateEngine.find().isPresent();
            case PIGZ -> PigzEngine.find().isPresent();
        };
    }

    /**
     * The engine {@link #AUTO} takes on this machine and why, in a line for {@code --version} and
     * the window's About.
     */
    public static String autoChoice() {
        return Libdeflate.find()
                .map(lib -> "libdeflate (" + lib.name() + "), the fastest engine here")
                .orElse("zlib, built into Java: libdeflate, about twice as fast, was not found ("
                        + LibdeflateEngine.INSTALL_HINT + ")");
    }

    public String unavailableReason() {
        if (available()) {
            return "";
        }
        return this == PIGZ ? PigzEngine.missingMessage() : LibdeflateEngine.missingMessage();
    }

    /**
     * @throws IOException with a message saying what to install when the engine cannot run here
     */
    public GzipEngine create() throws IOException {
        return switch (this) {
            case AUTO -> LibdeflateEngine.find().<GzipEngine>map(e -> e).orElseGet(ZlibEngine::new);
            case ZLIB -> new ZlibEngine();
            case LIBDEFLATE -> LibdeflateEngine.find()
                    .orElseThrow(() -> new IOException(LibdeflateEngine.missingMessage()));
            case PIGZ -> PigzEngine.find().orElseThrow(() -> new IOException(PigzEngine.missingMessage()));
        };
    }
}

package dev.pigzfx;

import dev.pigzfx.engine.Engines;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;

/** What PigzFX says of itself, in {@code --version} and the window's About: version, engine and why, Java, cores. */
public final class About {

    private About() {
    }

    public static String version() {
        Properties p = new Properties();
        try (InputStream in = About.class.getResourceAsStream("/dev/pigzfx/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException ignored) {
            // fall through to "unknown"
        }
        return p.getProperty("version", "unknown");
    }

    /** The lines, the first naming PigzFX and its version. */
    public static List<String> lines() {
        return List.of("PigzFX " + version(),
                "Engine: " + Engines.autoChoice(),
                "Java " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
    }
}

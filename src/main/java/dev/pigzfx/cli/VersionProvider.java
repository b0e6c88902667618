package dev.pigzfx.cli;

import dev.pigzfx.About;
import picocli.CommandLine;

/** {@code --version}: PigzFX's version, the engine it uses and why, Java and the cores. */
public final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        return About.lines().toArray(String[]::new);
    }
}

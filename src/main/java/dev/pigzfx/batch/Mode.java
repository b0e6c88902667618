package dev.pigzfx.batch;

import dev.pigzfx.engine.GzipNames;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What a batch does to each file, as discovery needs to know it: which files it takes, what each
 * one's output is called, and why a file is passed over.
 */
public enum Mode {
    /** {@code NAME} to {@code NAME.gz}. */
    COMPRESS,
    /** {@code NAME.gz} to {@code NAME}, {@code NAME.tgz} to {@code NAME.tar}. */
    DECOMPRESS,
    /** {@code NAME.gz} read and checked; nothing written. */
    TEST;

    /** The file this mode makes of {@code file}, or null when it makes none. */
    public Path outputFor(Path file) {
        String output = outputName(file.getFileName().toString());
        return output == null ? null : file.resolveSibling(output);
    }

    /**
     * The name of the file this mode makes of a file named {@code name}, or null when it makes none:
     * as text, for a name the system could not take as a path (one that is not text in its encoding).
     */
    String outputName(String name) {
        return switch (this) {
            case COMPRESS -> GzipNames.compressed(name);
            case DECOMPRESS -> GzipNames.decompressed(name);
            case TEST -> null;
        };
    }

    /**
     * Why {@code file} is passed over, or null when it is taken.
     *
     * @param outputExists whether {@link #outputFor its output} exists
     */
    String reasonToSkip(Path file, BasicFileAttributes attrs, boolean force, boolean outputExists) {
        if (this == COMPRESS) {
            return FileCompressor.reasonToSkip(file, attrs, force, outputExists);
        }
        String common = FileCompressor.reasonNotAFile(file, attrs);
        if (common != null) {
            return common;
        }
        String name = file.getFileName().toString();
        if (!GzipNames.hasSuffix(name) || GzipNames.decompressed(name) == null) {
            return "does not end in .gz or .tgz";
        }
        if (this == DECOMPRESS && !force && outputExists) {
            return outputFor(file) + " already exists (force to replace it)";
        }
        return null;
    }
}

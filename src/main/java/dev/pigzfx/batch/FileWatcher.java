package dev.pigzfx.batch;

import dev.pigzfx.engine.Progress;

/**
 * Hears how one file's work goes: its start, bytes as they move, then the start of its integrity
 * test (of the {@code .gz} written, or of the file decompressed).
 */
public interface FileWatcher extends Progress {

    FileWatcher NONE = (read, written) -> { };

    /** The work on the file begins (it was not passed over). */
    default void started() {
    }

    /** The output is complete and is being read back and tested. */
    default void verifying() {
    }

    static FileWatcher of(Progress progress) {
        return progress::update;
    }
}

package dev.pigzfx.batch;

import dev.pigzfx.engine.Progress;

/** Hears how one file's compression goes: bytes as they move, then the start of its integrity test. */
public interface FileWatcher extends Progress {

    FileWatcher NONE = (read, written) -> { };

    /** The output is complete and is being read back and tested. */
    default void verifying() {
    }

    static FileWatcher of(Progress progress) {
        return progress::update;
    }
}

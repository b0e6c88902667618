package dev.pigzfx.ui;

import dev.pigzfx.batch.FileStatus;

import java.util.Locale;

/** Where one file of the table is, in the words the table shows. */
public enum RowState {
    QUEUED,
    COMPRESSING,
    /** A {@code .gz} being decompressed by a batch. */
    DECOMPRESSING,
    VERIFYING,
    DONE,
    SKIPPED,
    FAILED,
    CANCELLED,
    /** A {@code .gz} opened in PigzFX, being tested. */
    TESTING,
    /** A {@code .gz} whose test passed. */
    TESTED;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    static RowState of(FileStatus status) {
        return switch (status) {
            case SUCCESS -> DONE;
            case SKIPPED -> SKIPPED;
            case FAILED -> FAILED;
            case CANCELLED -> CANCELLED;
        };
    }
}

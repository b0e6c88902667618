package dev.pigzfx.batch;

import java.util.Locale;

/** How one file ended. */
public enum FileStatus {
    SUCCESS,
    SKIPPED,
    FAILED,
    CANCELLED;

    /** The word the JSON report uses: {@code success}, {@code skipped}, {@code failed}, {@code cancelled}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}

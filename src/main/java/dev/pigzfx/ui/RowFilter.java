package dev.pigzfx.ui;

import java.util.EnumSet;
import java.util.Set;

/** Which rows the table shows by their state: all, or one kind of end or work. */
public enum RowFilter {
    ALL("All files", EnumSet.allOf(RowState.class)),
    QUEUED("Queued", EnumSet.of(RowState.QUEUED)),
    RUNNING("Running", EnumSet.of(RowState.COMPRESSING, RowState.DECOMPRESSING, RowState.VERIFYING,
            RowState.TESTING)),
    DONE("Done", EnumSet.of(RowState.DONE, RowState.TESTED)),
    SKIPPED("Skipped", EnumSet.of(RowState.SKIPPED)),
    FAILED("Failed", EnumSet.of(RowState.FAILED)),
    CANCELLED("Cancelled", EnumSet.of(RowState.CANCELLED));

    private final String words;
    private final Set<RowState> states;

    RowFilter(String words, Set<RowState> states) {
        this.words = words;
        this.states = states;
    }

    /** How the filter box names it. */
    public String words() {
        return words;
    }

    boolean shows(RowState state) {
        return states.contains(state);
    }
}

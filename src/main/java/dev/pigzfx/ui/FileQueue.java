package dev.pigzfx.ui;

import dev.pigzfx.batch.Discovery;
import dev.pigzfx.batch.FileCompressor;
import dev.pigzfx.batch.Mode;
import dev.pigzfx.engine.Cancellation;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * The list of files in the window: adding files and folders (walked on a background thread, the
 * {@code .gz} files named themselves tested rather than queued), removing, emptying and retrying
 * rows, showing only the failed ones, and the counts that follow the rows' states. Every change is
 * made on the FX thread; rows are removed, emptied or retried only while no batch runs.
 */
final class FileQueue {

    private final UiThreads threads;
    /** Whether no batch runs, so that rows may be removed or retried. */
    private final BooleanSupplier idle;
    /** Makes the plan again when the queue changed. */
    private final Runnable replan;
    /** The window's note for the user, shared with the batch. */
    private final ReadOnlyStringWrapper message;
    private final BatchReadout readout;
    private final OpenedFileTests tests;

    private final ObservableList<FileRow> rows = FXCollections.observableArrayList();
    private final FilteredList<FileRow> visibleRows = new FilteredList<>(rows);
    /**
     * One view for everyone: a view listens to the list weakly, so a listener added to a view made
     * for the call would stop hearing once that view was collected.
     */
    private final ObservableList<FileRow> readOnlyRows = FXCollections.unmodifiableObservableList(rows);
    private final Map<Path, FileRow> byPath = new HashMap<>();
    private final BooleanProperty onlyFailed = new SimpleBooleanProperty(this, "onlyFailed");
    private final javafx.beans.property.StringProperty filterText =
            new javafx.beans.property.SimpleStringProperty(this, "filterText", "");
    private final javafx.beans.property.ObjectProperty<RowFilter> filterState =
            new javafx.beans.property.SimpleObjectProperty<>(this, "filterState", RowFilter.ALL);
    private final ReadOnlyBooleanWrapper adding = new ReadOnlyBooleanWrapper(this, "adding");
    private final ReadOnlyIntegerWrapper queued = new ReadOnlyIntegerWrapper(this, "queued");
    private final ReadOnlyIntegerWrapper failedCount = new ReadOnlyIntegerWrapper(this, "failedCount");
    private final ReadOnlyIntegerWrapper retryable = new ReadOnlyIntegerWrapper(this, "retryable");
    private final ReadOnlyBooleanWrapper hasResults = new ReadOnlyBooleanWrapper(this, "hasResults");
    private final ReadOnlyIntegerWrapper tested = new ReadOnlyIntegerWrapper(this, "tested");
    private final javafx.beans.property.ReadOnlyObjectWrapper<List<FileRow>> opened =
            new javafx.beans.property.ReadOnlyObjectWrapper<>(this, "opened", List.of());
    private final java.util.function.Supplier<Mode> mode;
    /** What the user added (files and folders), in order: what one archive is made of. */
    private final Set<Path> roots = new java.util.LinkedHashSet<>();
    /** Rows the user removed, left out of an archive of the folders they are in. */
    private final Set<Path> leftOut = new HashSet<>();
    /** The folder walks and tests under way, each stopped by its own cancel. */
    private final Set<Cancellation> scans = new HashSet<>();

    /**
     * @param mode what a batch does now: it decides which files are queued and which passed over
     */
    FileQueue(UiThreads threads, BooleanSupplier idle, Runnable replan, ReadOnlyStringWrapper message,
              BatchReadout readout, java.util.function.Supplier<Mode> mode) {
        this.mode = mode;
        this.threads = threads;
        this.idle = idle;
        this.replan = replan;
        this.message = message;
        this.readout = readout;
        this.tests = new OpenedFileTests(threads, gz -> {
            FileRow row = byPath.get(gz);
            return row != null && row.isTest() ? row : null;
        }, this::recount);
        for (javafx.beans.Observable filter : List.of(onlyFailed, filterText, filterState)) {
            filter.addListener(o -> refilter());
        }
    }

    /** Text the shown rows' name or folder holds; empty for all. */
    javafx.beans.property.StringProperty filterTextProperty() {
        return filterText;
    }

    /** The states of the shown rows. */
    javafx.beans.property.ObjectProperty<RowFilter> filterStateProperty() {
        return filterState;
    }

    /** Applies the filters again: the rows' states change without the list knowing. */
    private void refilter() {
        String text = filterText.get() == null ? "" : filterText.get().strip().toLowerCase(Locale.ROOT);
        RowFilter state = filterState.get();
        boolean failedOnly = onlyFailed.get();
        if (text.isEmpty() && state == RowFilter.ALL && !failedOnly) {
            // no filter: leave the list be, or every recount would refilter thousands of rows for nothing
            if (visibleRows.getPredicate() != null) {
                visibleRows.setPredicate(null);
            }
            return;
        }
        visibleRows.setPredicate(null); // the rows' states change without the list knowing: test them again
        visibleRows.setPredicate(row -> (!failedOnly || row.state() == RowState.FAILED)
                && state.shows(row.state())
                && (text.isEmpty() || row.name().toLowerCase(Locale.ROOT).contains(text)
                        || row.folder().toLowerCase(Locale.ROOT).contains(text)));
    }

    /** Every row, in the order added. */
    ObservableList<FileRow> rows() {
        return readOnlyRows;
    }

    /** The rows the table shows: all, or only the failed ones. */
    ObservableList<FileRow> visibleRows() {
        return visibleRows;
    }

    /** Show only the failed rows. */
    BooleanProperty onlyFailedProperty() {
        return onlyFailed;
    }

    /** Whether folders are being walked, or opened files tested. */
    ReadOnlyBooleanProperty addingProperty() {
        return adding.getReadOnlyProperty();
    }

    /** Rows waiting for Compress. */
    ReadOnlyIntegerProperty queuedProperty() {
        return queued.getReadOnlyProperty();
    }

    ReadOnlyIntegerProperty failedCountProperty() {
        return failedCount.getReadOnlyProperty();
    }

    /** Files a batch failed or cancelled, which Compress runs again when nothing else is queued. */
    ReadOnlyIntegerProperty retryableProperty() {
        return retryable.getReadOnlyProperty();
    }

    /**
     * Puts every file a batch failed or cancelled back in the queue: not the opened files, which are
     * only tested, nor those passed over when they were added.
     */
    void requeueUnfinished() {
        retry(rows.stream().filter(FileQueue::unfinished).toList());
    }

    private static boolean unfinished(FileRow r) {
        return !r.isTest() && !r.passedOver() && !r.isArchive() && (r.state() == RowState.FAILED || r.state() == RowState.CANCELLED);
    }

    /**
     * The rows of the {@code .gz} files opened last (double-clicked, handed over by a second start):
     * the window brings them into view wherever they are in a long list.
     */
    javafx.beans.property.ReadOnlyObjectProperty<List<FileRow>> openedProperty() {
        return opened.getReadOnlyProperty();
    }

    /** Opened {@code .gz} files that passed their test and could be decompressed. */
    ReadOnlyIntegerProperty testedProperty() {
        return tested.getReadOnlyProperty();
    }

    /** Whether any row has ended, so there is something to export. */
    ReadOnlyBooleanProperty hasResultsProperty() {
        return hasResults.getReadOnlyProperty();
    }

    /** The rows waiting for Compress. */
    List<FileRow> queuedRows() {
        return rows.stream().filter(r -> r.state() == RowState.QUEUED).toList();
    }

    /** Whether Retry has something to do with {@code selected}: a failed or cancelled row, or an opened file tested. */
    boolean canRetry(Collection<FileRow> selected) {
        return selected.stream().anyMatch(r -> !r.isArchive() && (r.state() == RowState.FAILED
                || r.state() == RowState.CANCELLED || r.isTest() && r.state() != RowState.TESTING));
    }

    /**
     * Looks at every row not yet done again for the mode now chosen: a {@code .gz} passed over while
     * compressing (or tested when opened) is queued to decompress, a file that is not gzip is passed
     * over with the reason, and back again. Rows that ended in a batch stay as they ended. The files
     * are looked at on a background thread.
     *
     * @return completes on the FX thread once the rows say what the mode will do with them
     */
    CompletableFuture<Void> remode(Mode chosen) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        List<FileRow> open = rows.stream().filter(r -> r.state() == RowState.QUEUED
                || r.passedOver() && r.state() == RowState.SKIPPED
                || r.isTest() && r.state() != RowState.TESTING).toList();
        if (open.isEmpty()) {
            recount();
            done.complete(null);
            return done;
        }
        threads.background(() -> {
            List<Discovery.Found> found = open.stream().map(r -> Discovery.discover(List.of(r.path()), chosen, false,
                    false, Cancellation.none())).toList();
            threads.fx(() -> {
                for (int i = 0; i < open.size(); i++) {
                    FileRow row = open.get(i);
                    Discovery.Found f = found.get(i);
                    if (!f.inputs().isEmpty()) {
                        row.requeue(f.inputs().getFirst().size());
                        if (chosen != Mode.COMPRESS) {
                            row.readsGzip(chosen == Mode.DECOMPRESS);
                        }
                    } else if (!f.setAside().isEmpty()) {
                        row.passOver(f.setAside().getFirst().result());
                    }
                }
                recount();
                refilter();
                done.complete(null);
            });
        });
        return done;
    }

    /** Stops every folder walk and test under way. */
    void stopScans() {
        scans.forEach(Cancellation::cancel);
    }

    /**
     * Queues files, and every file under folders, walking them on a background thread. Paths
     * already in the table are not added twice; what cannot be compressed is added as a skipped or
     * failed row that says why.
     *
     * @return completes on the FX thread with the number of rows added
     */
    CompletableFuture<Integer> add(List<Path> paths) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        if (paths.isEmpty()) {
            done.complete(0);
            return done;
        }
        Cancellation cancel = new Cancellation();
        scans.add(cancel);
        adding.set(true);
        message.set("Looking for files in " + paths.getFirst()
                + (paths.size() > 1 ? " and " + (paths.size() - 1) + " more" : "") + "…");
        if (idle.getAsBoolean() && scans.size() == 1) {
            readout.scanning(true);
        }
        Mode adding = mode.get();
        threads.background(() -> {
            Discovery.Found found;
            try {
                found = Discovery.discover(paths, adding, false, true, cancel);
            } catch (RuntimeException e) {
                threads.fx(() -> {
                    endScan(cancel);
                    message.set(cancel.isCancelled() ? "Stopped looking for files: nothing was added."
                            : "Could not add " + paths.getFirst() + ": " + e.getMessage());
                    done.complete(0);
                });
                return;
            }
            // opening a .gz while compressing tests it; in the other modes it is simply queued
            List<Path> toTest = adding == Mode.COMPRESS ? toTest(found) : List.of();
            threads.fx(() -> {
                if (cancel.isCancelled()) {
                    endScan(cancel);
                    message.set("Stopped looking for files: nothing was added.");
                    done.complete(0);
                    return;
                }
                if (mode.get() != adding) {
                    // the action changed during the walk: what it takes and passes over is another set
                    endScan(cancel);
                    add(paths).whenComplete((added, failure) -> done.complete(added == null ? 0 : added));
                    return;
                }
                if (toTest.isEmpty()) {
                    endScan(cancel); // before the rows go in: it clears the message they leave
                }
                paths.forEach(p -> {
                    Path root = p.toAbsolutePath().normalize();
                    roots.add(root);
                    leftOut.remove(root);
                });
                done.complete(addFound(found, toTest, adding));
                if (!toTest.isEmpty()) {
                    testInBackground(toTest, cancel);
                }
            });
        });
        return done;
    }

    /** The {@code .gz} files named themselves (not found in a folder): opening one in PigzFX tests it. */
    private static List<Path> toTest(Discovery.Found found) {
        return found.setAside().stream()
                .filter(s -> s.named() && FileCompressor.hasGzipSuffix(s.result().source())
                        && Files.isRegularFile(s.result().source(), LinkOption.NOFOLLOW_LINKS))
                .map(s -> s.result().source())
                .toList();
    }

    /** Tests {@code .gz} files one after another on a background thread, as part of the scan {@code cancel}. */
    private void testInBackground(List<Path> files, Cancellation cancel) {
        String note = message.get();
        message.set("Testing " + files.size() + " .gz file" + (files.size() == 1 ? "" : "s") + "…");
        tests.start(files, cancel, () -> {
            endScan(cancel);
            // the one step from an opened .gz to its file
            int intact = tested.get();
            message.set(mode.get() == Mode.COMPRESS && intact > 0 ? (note.isEmpty() ? "" : note + " ")
                    + String.format(Locale.ROOT, "%,d .gz file%s passed the test: Decompress them to get the file%s"
                    + " back.", intact, intact == 1 ? "" : "s", intact == 1 ? "" : "s") : note);
        });
    }

    private void endScan(Cancellation scan) {
        scans.remove(scan);
        adding.set(!scans.isEmpty());
        if (scans.isEmpty()) {
            message.set("");
            readout.scanning(false);
        }
    }

    private int addFound(Discovery.Found found, List<Path> named, Mode adding) {
        Set<Path> toTest = Set.copyOf(named);
        List<FileRow> added = new ArrayList<>();
        List<FileRow> tested = new ArrayList<>();
        for (Discovery.Input input : found.inputs()) {
            if (!byPath.containsKey(input.path())) {
                FileRow row = new FileRow(input);
                if (adding != Mode.COMPRESS) {
                    row.readsGzip(adding == Mode.DECOMPRESS);
                }
                added.add(row);
            }
        }
        int compressedAlready = 0;
        int skipped = 0;
        for (Discovery.SetAside s : found.setAside()) {
            Path path = s.result().source();
            if (toTest.contains(path)) {
                FileRow row = byPath.get(path);
                if (row == null) {
                    row = FileRow.toTest(path, s.result().originalSize());
                    added.add(row);
                    tested.add(row);
                } else if (row.isTest()) {
                    row.testing(s.result().originalSize()); // opened again: tested again
                    tested.add(row);
                }
            } else if (!s.named() && FileCompressor.hasGzipSuffix(path) == (adding == Mode.COMPRESS)
                    && s.result().status() == dev.pigzfx.batch.FileStatus.SKIPPED) {
                // a folder compressed before holds as many .gz files as it had files, one to decompress as many
                // files that are not gzip: a row each would bury the rest
                compressedAlready++;
            } else if (!byPath.containsKey(path)) {
                added.add(FileRow.of(s.result()));
                if (s.result().status() == dev.pigzfx.batch.FileStatus.SKIPPED) {
                    skipped++;
                }
            }
        }
        for (FileRow row : added) {
            byPath.put(row.path(), row);
        }
        rows.addAll(added);
        List<String> notes = new ArrayList<>();
        // every kind passed over is counted: the .gz files of a folder (no row each), and the rest (a row
        // each, with the reason)
        String kind = adding == Mode.COMPRESS ? "already compressed (.gz)" : "not gzip (no .gz or .tgz suffix)";
        if (compressedAlready > 0 && skipped > 0) {
            notes.add(String.format(Locale.ROOT, "Passed over %,d files: %,d %s, %,d skipped"
                    + " with the reason in %s row.", compressedAlready + skipped, compressedAlready, kind, skipped,
                    skipped == 1 ? "its" : "their"));
        } else if (compressedAlready > 0) {
            notes.add(String.format(Locale.ROOT, "Passed over %,d file%s %s.", compressedAlready,
                    compressedAlready == 1 ? "" : "s", kind));
        } else if (skipped > 0) {
            notes.add(String.format(Locale.ROOT, "Passed over %,d file%s, with the reason in %s row.", skipped,
                    skipped == 1 ? "" : "s", skipped == 1 ? "its" : "their"));
        }
        if (found.staleRemoved() > 0) {
            notes.add("Removed " + found.staleRemoved() + " temporary file" + (found.staleRemoved() == 1 ? "" : "s")
                    + " left by an interrupted run.");
        }
        if (added.isEmpty() && compressedAlready == 0) {
            notes.add(found.inputs().isEmpty() && found.setAside().isEmpty() ? "No files found there."
                    : "Those files are already in the list.");
        }
        message.set(String.join(" ", notes));
        recount();
        if (!tested.isEmpty()) {
            opened.set(List.copyOf(tested));
        }
        return added.size();
    }

    /** Removes rows from the table; only while idle. Nothing on disk changes. */
    void remove(Collection<FileRow> gone) {
        if (!idle.getAsBoolean()) {
            return;
        }
        Set<FileRow> set = new HashSet<>(gone);
        rows.removeIf(set::contains);
        set.forEach(r -> {
            byPath.remove(r.path());
            if (!r.isArchive()) {
                leftOut.add(r.path());
            }
        });
        if (rows.isEmpty()) {
            roots.clear();
            leftOut.clear();
        }
        recount();
    }

    /** The files and folders the user added and did not remove, in order: what one archive is made of. */
    List<Path> roots() {
        return roots.stream().filter(p -> !leftOut.contains(p)).toList();
    }

    /** Rows removed from the list: left out of an archive of the folders they are in. */
    Set<Path> leftOut() {
        return Set.copyOf(leftOut);
    }

    /** Puts the row of an archive being made at the top, in place of an earlier row for the same archive. */
    void addArchiveRow(FileRow row) {
        FileRow earlier = byPath.put(row.path(), row);
        if (earlier != null) {
            rows.remove(earlier);
        }
        rows.addFirst(row);
    }

    /** Every queued file went into {@code archive}, which was tested. */
    void archivedIn(Path archive) {
        for (FileRow row : rows) {
            if (!row.isArchive() && row.state() == RowState.QUEUED) {
                row.archivedIn(archive);
            }
        }
        recount();
        refilter();
    }

    /** Empties the table; only while idle. */
    void clear() {
        remove(List.copyOf(rows));
        message.set("");
        readout.clear();
    }

    /** Puts failed and cancelled rows back in the queue; only while idle. */
    void retry(Collection<FileRow> again) {
        if (!idle.getAsBoolean()) {
            return;
        }
        List<Path> retest = new ArrayList<>();
        for (FileRow row : again) {
            if (row.isTest() && row.state() != RowState.TESTING) {
                row.testing(FileRow.sizeNow(row.path(), row.compressedSizeProperty().get()));
                retest.add(row.path());
            } else if (!row.isArchive() && (row.state() == RowState.FAILED || row.state() == RowState.CANCELLED)) {
                row.requeue(FileRow.sizeNow(row.path(), row.inputSize()));
                if (mode.get() != Mode.COMPRESS) {
                    row.readsGzip(mode.get() == Mode.DECOMPRESS);
                }
            }
        }
        recount();
        if (!retest.isEmpty()) {
            Cancellation cancel = new Cancellation();
            scans.add(cancel);
            adding.set(true);
            testInBackground(retest, cancel);
        }
    }

    /** What every ended row came to. */
    List<FileRow> endedRows() {
        return rows.stream().filter(r -> r.result() != null).toList();
    }

    /** Counts the rows again after their states changed: the queue, the failures, the plan. */
    void recount() {
        int q = 0;
        int failed = 0;
        int again = 0;
        int intact = 0;
        boolean ended = false;
        for (FileRow row : rows) {
            if (row.isTest() && row.state() == RowState.TESTED) {
                intact++;
            }
            switch (row.state()) {
                case QUEUED -> q++;
                case FAILED -> failed++;
                default -> {
                }
            }
            if (unfinished(row)) {
                again++;
            }
            ended |= row.result() != null;
        }
        failedCount.set(failed);
        tested.set(intact);
        boolean replanned = retryable.get() != again;
        retryable.set(again);
        hasResults.set(ended);
        if (queued.get() == q && !replanned) {
            replan.run();
        }
        queued.set(q);
        if (idle.getAsBoolean() && q > 0) {
            long bytes = rows.stream().filter(r -> r.state() == RowState.QUEUED)
                    .mapToLong(FileRow::inputSize).sum();
            readout.queued(q, bytes);
        } else if (idle.getAsBoolean()) {
            readout.nothingQueued();
        }
        refilter();
    }
}

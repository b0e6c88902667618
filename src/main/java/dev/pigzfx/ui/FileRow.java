package dev.pigzfx.ui;

import dev.pigzfx.batch.Discovery;
import dev.pigzfx.batch.FileResult;
import dev.pigzfx.batch.FileStatus;
import dev.pigzfx.batch.Plan;
import dev.pigzfx.batch.Sizes;
import dev.pigzfx.engine.IntegrityTest;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.nio.file.Path;
import java.util.Locale;

/**
 * One file of the table: its observable state, changed only on the FX thread by the
 * {@link MainViewModel}. Worker threads never touch these properties; their events are gathered by
 * {@link BatchEvents} and applied here once per pulse.
 */
public final class FileRow {

    /** Ratio and speed before there is one. */
    public static final double NONE = -1;
    /** The original's size of a {@code .gz} opened to be tested, until the test has read it. */
    public static final long UNKNOWN = -1;
    /** Files smaller than this show no speed once done. */
    private static final long SPEED_SHOWN_FROM = 1 << 20;

    private final Path path;
    private final ReadOnlyLongWrapper size = new ReadOnlyLongWrapper(this, "size");
    private final ReadOnlyLongWrapper compressedSize = new ReadOnlyLongWrapper(this, "compressedSize");
    private final ReadOnlyDoubleWrapper ratio = new ReadOnlyDoubleWrapper(this, "ratio", NONE);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
    private final ReadOnlyDoubleWrapper speed = new ReadOnlyDoubleWrapper(this, "speed", NONE);
    private final ReadOnlyObjectWrapper<RowState> state = new ReadOnlyObjectWrapper<>(this, "state", RowState.QUEUED);
    private final ReadOnlyStringWrapper integrity = new ReadOnlyStringWrapper(this, "integrity", "");
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper(this, "detail", "");
    private FileResult result;
    /** The plan of the batch that gave the result, null when no batch did. */
    private Plan plan;
    private boolean test;
    /** The identity of the folder the file was found in, or null when not known. */
    private final Object folder;
    /** Passed over when it was added (a link, a missing path): no batch has run it. */
    private boolean passedOver;
    /** The file's own size, what a batch reads of it: the Size column says the data's once known. */
    private long inputSize;
    /** The one archive a batch makes of the list ({@link #archive}), not a file that was added. */
    private boolean archive;
    /** What a batch does to it: compress it, or read it as gzip (decompress, test). */
    private RowState working = RowState.COMPRESSING;

    FileRow(Path path, long size) {
        this(new Discovery.Input(path, size));
    }

    /** A file found to compress, with the identity of the folder it was found in. */
    FileRow(Discovery.Input found) {
        this.path = found.path();
        this.folder = found.folder();
        this.size.set(found.size());
        this.inputSize = found.size();
    }

    /** A file's size as it is now, or {@code known} when it cannot be read. */
    static long sizeNow(Path file, long known) {
        try {
            return java.nio.file.Files.size(file);
        } catch (java.io.IOException e) {
            return known;
        }
    }

    /** The file to compress, as the batch takes it: in the folder it was found in. */
    Discovery.Input input() {
        return new Discovery.Input(path, inputSize, folder);
    }

    /** A file that was passed over when it was added (a link, a {@code .gz} already): it ends as it started. */
    static FileRow of(FileResult setAside) {
        FileRow row = new FileRow(setAside.source(), setAside.originalSize());
        row.passedOver = true;
        row.finish(setAside);
        return row;
    }

    public Path path() {
        return path;
    }

    public String name() {
        Path name = path.getFileName();
        return name == null ? path.toString() : name.toString();
    }

    public String folder() {
        Path parent = path.getParent();
        return parent == null ? "" : parent.toString();
    }

    public ReadOnlyLongProperty sizeProperty() {
        return size.getReadOnlyProperty();
    }

    /** Bytes of the {@code .gz}; while compressing, the bytes written so far. */
    public ReadOnlyLongProperty compressedSizeProperty() {
        return compressedSize.getReadOnlyProperty();
    }

    /** Compressed size as a fraction of the original, {@link #NONE} until known. */
    public ReadOnlyDoubleProperty ratioProperty() {
        return ratio.getReadOnlyProperty();
    }

    /** 0 to 1 of the file read; verifying shows 1; a test shows how much of the .gz it has read, negative before it knows. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Bytes per second read from the original, {@link #NONE} until measured. */
    public ReadOnlyDoubleProperty speedProperty() {
        return speed.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<RowState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** "verified, CRC-32 1a2b3c4d", or what failed; empty before the test. */
    public ReadOnlyStringProperty integrityProperty() {
        return integrity.getReadOnlyProperty();
    }

    /** Why a file was skipped, failed or cancelled, or a remark on a success; empty when none. */
    public ReadOnlyStringProperty detailProperty() {
        return detail.getReadOnlyProperty();
    }

    public RowState state() {
        return state.get();
    }

    /** How the file ended, or null while it has not. */
    public FileResult result() {
        return result;
    }

    void started() {
        clear(working);
    }

    /** Whether a batch works on it now (compressing, decompressing or testing it), before its check. */
    boolean isWorking() {
        return state.get() == working;
    }

    void progressed(long bytesRead, long bytesWritten, long nanos) {
        progress.set(inputSize == 0 ? 1 : Math.min(1, (double) bytesRead / inputSize));
        if (working == RowState.COMPRESSING) {
            compressedSize.set(bytesWritten);
            if (bytesRead > 0) {
                ratio.set((double) bytesWritten / bytesRead);
            }
        } else {
            // reading gzip: what was read is the compressed size so far, what it gave the data's
            compressedSize.set(bytesRead);
            size.set(bytesWritten);
            if (bytesWritten > 0) {
                ratio.set((double) bytesRead / bytesWritten);
            }
        }
        if (nanos > 0) {
            speed.set(bytesRead * 1e9 / nanos);
        }
    }

    void verifying() {
        state.set(RowState.VERIFYING);
        progress.set(1);
        integrity.set("testing…");
    }

    void finish(FileResult r) {
        result = r;
        state.set(RowState.of(r.status()));
        detail.set(r.detail());
        if (r.status() == FileStatus.SUCCESS) {
            size.set(r.originalSize());
            compressedSize.set(r.compressedSize());
            ratio.set(r.ratio());
            progress.set(1);
            // a small file's time is mostly syncing and testing: a speed would mislead
            speed.set(r.nanos() > 0 && r.originalSize() >= SPEED_SHOWN_FROM ? r.originalSize() * 1e9 / r.nanos() : NONE);
            // what else the user should know is said where they look: a file that grew, data that does not
            // shrink, an original that was to go and stays, and why
            String grew = r.compressedSize() > r.originalSize()
                    ? "; grew by " + Sizes.format(r.compressedSize() - r.originalSize()) : "";
            integrity.set(String.format(Locale.ROOT, "verified, CRC-32 %08x", r.crc32()) + grew
                    + (r.detail().isEmpty() ? "" : "; " + r.detail()));
        } else {
            integrity.set(r.status() == FileStatus.FAILED || r.status() == FileStatus.SKIPPED ? r.detail() : "");
            if (r.status() != FileStatus.CANCELLED) {
                progress.set(0);
            }
        }
    }

    /** The row of an archive to be made of the list: it is the batch, and is never run again as a file. */
    static FileRow archive(Path target, long bytes) {
        FileRow row = new FileRow(target, bytes);
        row.archive = true;
        return row;
    }

    /** Whether this row is an archive made of the list, not a file added to it. */
    boolean isArchive() {
        return archive;
    }

    /** The file went into {@code target}, which was tested: done, and kept where it is. */
    void archivedIn(Path target) {
        String in = "in " + target.getFileName();
        result = new FileResult(path, target, FileStatus.SUCCESS, inputSize, 0, 0, true, "archived " + in, 0);
        state.set(RowState.DONE);
        progress.set(1);
        ratio.set(NONE);
        speed.set(NONE);
        integrity.set(in + ", tested");
        detail.set(result.detail());
    }

    /**
     * A {@code .gz} opened in PigzFX: tested as soon as it is added, never compressed. Until
     * decompressing exists, testing is what opening a {@code .gz} does.
     */
    static FileRow toTest(Path gz, long size) {
        FileRow row = new FileRow(gz, UNKNOWN);
        row.testing(size);
        return row;
    }

    /**
     * Passed over by the mode now chosen (a {@code .gz} while compressing, any other file while
     * decompressing), with the reason; {@link #requeue} takes it back.
     */
    void passOver(FileResult why) {
        clear(RowState.QUEUED);
        test = false;
        passedOver = true;
        finish(why);
    }

    /** The size of the file as a batch will read it. */
    long inputSize() {
        return inputSize;
    }

    /**
     * Queued to be decompressed or tested: the file is a {@code .gz}, so its size is the compressed
     * one, and the data's is not known until it has been read.
     */
    void readsGzip(boolean writes) {
        working = writes ? RowState.DECOMPRESSING : RowState.TESTING;
        if (state.get() == RowState.QUEUED) {
            compressedSize.set(inputSize);
            size.set(UNKNOWN);
        }
    }

    /** Whether this row is a {@code .gz} to test rather than a file to compress. */
    public boolean isTest() {
        return test;
    }

    /** Being tested: its size is the {@code .gz}'s, the original's is not known yet. */
    void testing(long gzSize) {
        clear(RowState.TESTING);
        test = true;
        size.set(UNKNOWN);
        compressedSize.set(gzSize);
        progress.set(-1);
        integrity.set("testing…");
    }

    /** How much of the {@code .gz} the test has read, 0 to 1; ignored once the test has ended. */
    void testProgressed(double fraction) {
        if (state.get() == RowState.TESTING) {
            progress.set(fraction);
        }
    }

    void tested(IntegrityTest.Report report, long nanos) {
        String members = report.members() + " member" + (report.members() == 1 ? "" : "s");
        result = new FileResult(path, path, FileStatus.SUCCESS, report.uncompressedSize(), report.compressedSize(),
                report.crc32(), true, "tested: " + members + ", intact", nanos);
        state.set(RowState.TESTED);
        size.set(report.uncompressedSize());
        compressedSize.set(report.compressedSize());
        ratio.set(report.uncompressedSize() == 0 ? NONE : (double) report.compressedSize() / report.uncompressedSize());
        progress.set(1);
        speed.set(nanos > 0 && report.compressedSize() >= SPEED_SHOWN_FROM ? report.uncompressedSize() * 1e9 / nanos : NONE);
        integrity.set(String.format(Locale.ROOT, "verified, CRC-32 %08x", report.crc32()));
        detail.set(result.detail());
    }

    void testEnded(FileStatus status, String why, long nanos) {
        result = new FileResult(path, null, status, 0, compressedSize.get(), 0, true, why, nanos);
        state.set(RowState.of(status));
        progress.set(0);
        integrity.set(status == FileStatus.FAILED ? why : "");
        detail.set(why);
    }

    /** Whether it was passed over when it was added, never run by a batch. */
    boolean passedOver() {
        return passedOver;
    }

    /** Back to the queue, as when it was added: for retry. */
    void requeue(long newSize) {
        passedOver = false;
        test = false;
        inputSize = newSize;
        working = RowState.COMPRESSING;
        size.set(newSize);
        clear(RowState.QUEUED);
    }

    /** Its result came from the batch that ran under {@code batchPlan}. */
    void ranIn(Plan batchPlan) {
        if (result != null) {
            plan = batchPlan;
        }
    }

    /** The plan of the batch that gave its result; null when none did (a test, a file passed over when added). */
    Plan plan() {
        return plan;
    }

    /** In {@code newState} with nothing measured yet. */
    private void clear(RowState newState) {
        result = null;
        plan = null;
        state.set(newState);
        progress.set(0);
        compressedSize.set(0);
        ratio.set(NONE);
        speed.set(NONE);
        integrity.set("");
        detail.set("");
    }
}

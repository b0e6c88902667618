package dev.pigzfx.ui;

import dev.pigzfx.batch.BatchResult;
import dev.pigzfx.batch.FileCompressor;
import dev.pigzfx.batch.Mode;
import dev.pigzfx.batch.Plan;
import dev.pigzfx.batch.Planner;
import dev.pigzfx.batch.Reports;
import dev.pigzfx.batch.ThroughputModel;
import dev.pigzfx.engine.Engines;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ObservableList;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The window's state and commands, with no controls: the composition of its parts, each with one
 * job, and the one face the view binds to.
 * <ul>
 *   <li>{@link OptionsModel}: the options, what they mean here, the plan they make;</li>
 *   <li>{@link FileQueue}: the list of files, adding (folders walked in the background, opened
 *       {@code .gz} files tested by {@link OpenedFileTests}), removing, retrying, the filter;</li>
 *   <li>{@link BatchSession}: a batch from Compress to its summary, and Cancel (its phases there);</li>
 *   <li>{@link BatchReadout}: the footer's figures; {@link ThroughputSampler}: the chart's;</li>
 *   <li>{@link ArchiveName}: where one archive of the list goes; {@link ApiSwitch}: the HTTP API.</li>
 * </ul>
 * Every property is read and changed on the FX thread; work off it, and back on it, goes through
 * one seam, {@link UiThreads}.
 */
public final class MainViewModel {

    /** What the window is doing. */
    public enum Phase {
        IDLE,
        RUNNING,
        CANCELLING
    }

    /** How a batch ended, for the notification. */
    public record Summary(String title, String text, int failed, int cancelled) {
    }

    private final OptionsModel options;
    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(this, "phase", Phase.IDLE);
    private final BatchReadout readout = new BatchReadout(() -> phase.get() == Phase.RUNNING);
    private final FileQueue queue;
    private final BatchSession session;
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper canCompress = new ReadOnlyBooleanWrapper(this, "canCompress");
    private final ReadOnlyBooleanWrapper canDecompressOpened = new ReadOnlyBooleanWrapper(this, "canDecompressOpened");
    /** The rows' second look after the last change of mode, done or under way. */
    private CompletableFuture<Void> remoded = CompletableFuture.completedFuture(null);
    private final ReadOnlyBooleanWrapper canCancel = new ReadOnlyBooleanWrapper(this, "canCancel");
    private final ReadOnlyBooleanWrapper canEdit = new ReadOnlyBooleanWrapper(this, "canEdit", true);
    private final ThroughputSampler sampler = new ThroughputSampler();
    /** The archive the user named (Save as), or null for the name made of the list. */
    private final ArchiveName archiveName;
    /** The HTTP API, which the window may answer while it is open. */
    private final ApiSwitch api;

    /** The window's ViewModel, with the user's settings and this machine's measured throughput. */
    static MainViewModel create(Settings settings) {
        return new MainViewModel(settings, new Planner(ThroughputModel.Store.user()),
                work -> Thread.ofPlatform().name("pigzfx-background").daemon().start(work));
    }

    /**
     * @param background runs a piece of work off the FX thread: adding folders and the batch itself
     */
    MainViewModel(Settings settings, Planner planner, Executor background) {
        this(settings, planner, UiThreads.javafx(background));
    }

    /** @param threads where work runs: tests give their own, to run it deterministically without a toolkit */
    MainViewModel(Settings settings, Planner planner, UiThreads threads) {
        this.options = new OptionsModel(settings, planner);
        this.queue = new FileQueue(threads, () -> phase.get() == Phase.IDLE, this::replan, message, readout,
                options.modeProperty()::get);
        this.archiveName = new ArchiveName(queue, this::replan);
        this.session = new BatchSession(phase, options, queue, readout, sampler, message, planner, threads,
                archiveName.targetProperty(), archiveName::chosen);
        options.modeProperty().addListener((o, was, now) -> {
            session.clearSummary();
            remoded = queue.remode(now);
        });
        canDecompressOpened.bind(phase.isEqualTo(Phase.IDLE).and(options.modeProperty().isEqualTo(Mode.COMPRESS))
                .and(queue.testedProperty().greaterThan(0)));
        for (Observable planInput : options.planInputs()) {
            planInput.addListener(o -> replan());
        }
        queue.queuedProperty().addListener(o -> replan());
        queue.retryableProperty().addListener(o -> replan());
        // files opened while the window shows how the last batch ended: that note is over
        queue.openedProperty().addListener(o -> session.clearSummary());
        // with nothing queued, Compress runs the failed and cancelled files again
        canCompress.bind(phase.isEqualTo(Phase.IDLE).and(queue.queuedProperty().greaterThan(0)
                .or(queue.retryableProperty().greaterThan(0))));
        canCancel.bind(phase.isEqualTo(Phase.RUNNING).or(queue.addingProperty()));
        canEdit.bind(phase.isEqualTo(Phase.IDLE));
        replan();
        api = new ApiSwitch(settings, threads, message);
    }

    // ---- the HTTP API ----

    /** Whether the window answers PigzFX's HTTP API (on this machine alone); remembered. */
    public BooleanProperty apiOnProperty() {
        return api.onProperty();
    }

    /** Where the API's page is while it answers ({@code http://127.0.0.1:8000/docs}); empty otherwise. */
    public ReadOnlyStringProperty apiAddressProperty() {
        return api.addressProperty();
    }

    /** Stops what runs besides the window (the API) as the window closes. */
    public void close() {
        api.close();
    }

    // ---- the options ----

    /** 1 (fastest) to 9 (smallest). */
    public IntegerProperty levelProperty() {
        return options.levelProperty();
    }

    /** Threads for the batch, 0 for all cores. */
    public IntegerProperty threadsProperty() {
        return options.threadsProperty();
    }

    /** Keep the originals; off, they are removed once their {@code .gz} is verified. */
    public BooleanProperty keepProperty() {
        return options.keepProperty();
    }

    public ObjectProperty<Engines> engineProperty() {
        return options.engineProperty();
    }

    public ObjectProperty<Plan.Strategy> strategyProperty() {
        return options.strategyProperty();
    }

    public ObjectProperty<Theme> themeProperty() {
        return options.themeProperty();
    }

    /** Compress makes one .tar.gz of the list, rather than a .gz of each file. */
    public BooleanProperty oneArchiveProperty() {
        return options.oneArchiveProperty();
    }

    /** Decompress unpacks each .tar.gz to a folder beside it, rather than to a .tar. */
    public BooleanProperty unpackArchivesProperty() {
        return options.unpackArchivesProperty();
    }

    /**
     * The archive Compress makes when it makes one: the one the user named, else one named after
     * what was added ({@code photos.tar.gz} beside a folder {@code photos}); null while the list is empty.
     */
    public ReadOnlyObjectProperty<Path> archiveTargetProperty() {
        return archiveName.targetProperty();
    }

    /**
     * Names the archive to make (the Save dialog asked before a file is replaced, so the archive
     * replaces what is there); null goes back to the name made of the list.
     */
    public void nameArchive(Path chosen) {
        archiveName.choose(chosen);
    }

    /** Show only the failed rows. */
    public BooleanProperty onlyFailedProperty() {
        return queue.onlyFailedProperty();
    }

    /** PigzFX's version, then the engine it uses and why, Java and the cores. */
    public List<String> about() {
        return dev.pigzfx.About.lines();
    }

    public int cores() {
        return options.cores();
    }

    /** Why {@code choice} cannot run on this machine, in words; empty when it can. */
    public String missingReason(Engines choice) {
        return options.missingReason(choice);
    }

    /** What a batch does with data that does not shrink. */
    public ObjectProperty<dev.pigzfx.batch.Incompressible> incompressibleProperty() {
        return options.incompressibleProperty();
    }

    public String incompressibleName(dev.pigzfx.batch.Incompressible policy) {
        return options.incompressibleName(policy);
    }

    /** An engine as the window names it: "Auto (libdeflate)", "pigz (not installed)". */
    public String engineName(Engines choice) {
        return options.engineName(choice);
    }

    public String strategyName(Plan.Strategy choice) {
        return options.strategyName(choice);
    }

    /** What the strategies do, in words. */
    public String strategyHelp() {
        return options.strategyHelp();
    }

    /** Whether Retry has something to do with these rows. */
    public boolean canRetry(Collection<FileRow> selected) {
        return queue.canRetry(selected);
    }

    /** A thread count as the window names it: "Auto (8 cores)", "4". */
    public String threadsName(int n) {
        return options.threadsName(n);
    }

    // ---- what the window shows ----

    /** Every row, in the order added. */
    public ObservableList<FileRow> rows() {
        return queue.rows();
    }

    /** The rows the table shows: all, or only the failed ones. */
    public ObservableList<FileRow> visibleRows() {
        return queue.visibleRows();
    }

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    /** Whether folders are being walked for files to add. */
    public ReadOnlyBooleanProperty addingProperty() {
        return queue.addingProperty();
    }

    /** Rows waiting for Compress. */
    public ReadOnlyIntegerProperty queuedProperty() {
        return queue.queuedProperty();
    }

    /** The plan for the queued rows with the current options, in words. */
    public ReadOnlyStringProperty planTextProperty() {
        return options.planTextProperty();
    }

    /** 0 to 1 of the batch's bytes processed; negative (a spinning bar) while idle and walking folders. */
    public ReadOnlyDoubleProperty overallProgressProperty() {
        return readout.overallProgressProperty();
    }

    /** "3 of 10 files". */
    public ReadOnlyStringProperty filesTextProperty() {
        return readout.filesTextProperty();
    }

    /** "34.2 MB -> 8.1 MB (23.7%)". */
    public ReadOnlyStringProperty bytesTextProperty() {
        return readout.bytesTextProperty();
    }

    public ReadOnlyStringProperty speedTextProperty() {
        return readout.speedTextProperty();
    }

    /** "0:12 elapsed, 0:30 left". */
    public ReadOnlyStringProperty timeTextProperty() {
        return readout.timeTextProperty();
    }

    public ReadOnlyIntegerProperty failedCountProperty() {
        return queue.failedCountProperty();
    }

    /** How the last batch ended; null before the first. */
    public ReadOnlyObjectProperty<Summary> summaryProperty() {
        return session.summaryProperty();
    }

    /** The latest thing the user should know that belongs to no row (a path that could not be added). */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canCompressProperty() {
        return canCompress.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canCancelProperty() {
        return canCancel.getReadOnlyProperty();
    }

    /** Text the shown rows' name or folder holds; empty for all. */
    public javafx.beans.property.StringProperty filterTextProperty() {
        return queue.filterTextProperty();
    }

    /** The states of the shown rows. */
    public ObjectProperty<RowFilter> filterStateProperty() {
        return queue.filterStateProperty();
    }

    /** The row whose file started last in the batch that runs, to keep in view. */
    public ReadOnlyObjectProperty<FileRow> workingProperty() {
        return session.workingProperty();
    }

    /** The rows of the {@code .gz} files opened last, to bring into view. */
    public ReadOnlyObjectProperty<List<FileRow>> openedProperty() {
        return queue.openedProperty();
    }

    /** Whether rows can be removed, retried or cleared. */
    public ReadOnlyBooleanProperty canEditProperty() {
        return canEdit.getReadOnlyProperty();
    }

    /** Whether any row has ended, so there is something to export. */
    public ReadOnlyBooleanProperty hasResultsProperty() {
        return queue.hasResultsProperty();
    }

    /** Bytes per second read, one value a second, the newest last. */
    public ObservableList<Double> throughputHistory() {
        return sampler.throughputHistory();
    }

    /** This process's share of the CPU, 0 to 1, one value a second. */
    public ObservableList<Double> cpuHistory() {
        return sampler.cpuHistory();
    }

    // ---- commands ----

    /**
     * Queues files, and every file under folders, walking them on a background thread. Paths
     * already in the table are not added twice; what cannot be compressed is added as a skipped or
     * failed row that says why; a {@code .gz} named itself is tested.
     *
     * @return completes on the FX thread with the number of rows added
     */
    /** Compress, decompress or test: what the next batch does, and which files it takes. */
    public ObjectProperty<Mode> modeProperty() {
        return options.modeProperty();
    }

    /**
     * Queues what was dropped on the window. Only {@code .gz} files dropped while compressing
     * propose Decompress: the mode switches to it, and says so.
     */
    public CompletableFuture<Integer> drop(List<Path> paths) {
        boolean onlyGzip = !paths.isEmpty() && paths.stream().allMatch(p -> FileCompressor.hasGzipSuffix(p)
                && java.nio.file.Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        if (onlyGzip && options.modeProperty().get() == Mode.COMPRESS && phase.get() == Phase.IDLE) {
            options.modeProperty().set(Mode.DECOMPRESS);
            return add(paths).thenApply(added -> {
                message.set("Only .gz files were dropped, so PigzFX switched to Decompress. " + message.get());
                return added;
            });
        }
        return add(paths);
    }

    public CompletableFuture<Integer> add(List<Path> paths) {
        if (!paths.isEmpty()) {
            session.clearSummary(); // new work: how the last batch ended is over
        }
        return queue.add(paths);
    }

    /** Closes the note of how the last batch ended. */
    public void dismissSummary() {
        session.clearSummary();
    }

    /** Removes rows from the table; only while idle. Nothing on disk changes. */
    public void remove(Collection<FileRow> gone) {
        queue.remove(gone);
    }

    /** Empties the table; only while idle. */
    public void clear() {
        queue.clear();
        session.clearSummary();
    }

    /** Puts failed and cancelled rows back in the queue (opened files are tested again); only while idle. */
    public void retry(Collection<FileRow> again) {
        queue.retry(again);
    }

    /**
     * Compresses every queued row with the current options: the plan is made, the batch runs on a
     * background thread and the rows follow it.
     *
     * @return completes on the FX thread when the batch has ended and every row shows its end; at
     *         once with null when there is nothing to do or the engine cannot run here
     */
    public CompletableFuture<BatchResult> compress() {
        return session.compress();
    }

    /** Whether opened {@code .gz} files passed their test while compressing: one click decompresses them. */
    public ReadOnlyBooleanProperty canDecompressOpenedProperty() {
        return canDecompressOpened.getReadOnlyProperty();
    }

    /**
     * The one click from opened {@code .gz} files to their files: switches to Decompress, which
     * queues them, and runs the batch.
     *
     * @return completes on the FX thread when the batch has ended
     */
    public CompletableFuture<BatchResult> decompressOpened() {
        if (!canDecompressOpened.get()) {
            return CompletableFuture.completedFuture(null);
        }
        options.modeProperty().set(Mode.DECOMPRESS);
        return remoded.thenCompose(v -> session.compress());
    }

    /** Stops the batch (every original stays) and any folder walk under way. */
    public void cancel() {
        session.cancel();
    }

    /**
     * Writes every ended row as JSON in DESIGN.md's shape, each file with the batch it ran in and
     * every batch's plan.
     */
    public void exportJson(Path target) throws IOException {
        List<FileRow> ended = queue.endedRows();
        write(target, Reports.json(ended.stream().map(FileRow::result).toList(), plans(ended)));
        exported(target, ended.size());
    }

    /** Writes every ended row as CSV, one line per file, with the batch it ran in. */
    public void exportCsv(Path target) throws IOException {
        List<FileRow> ended = queue.endedRows();
        write(target, Reports.csv(ended.stream().map(FileRow::result).toList(), plans(ended)));
        exported(target, ended.size());
    }

    private static List<Plan> plans(List<FileRow> rows) {
        // a list that holds nulls: the rows no batch ran
        return rows.stream().map(FileRow::plan).collect(java.util.stream.Collectors.toList());
    }

    /** "Show in folder" found no file manager to ask: says so, and where the path went. */
    public void couldNotShow(Path folder, String why) {
        message.set("Cannot show " + folder + ": " + why + ". Its path is on the clipboard.");
    }

    /** Says where the results went: a save shows nothing else. */
    private void exported(Path target, int files) {
        message.set(String.format(Locale.ROOT, "Wrote the results of %,d file%s to %s.", files, files == 1 ? "" : "s",
                target.toAbsolutePath()));
    }

    private static void write(Path target, String text) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(folder, "." + target.getFileName(), ".pigzfx-tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    // ---- inner workings ----

    private void replan() {
        if (phase.get() != Phase.IDLE) {
            return;
        }
        options.plan(queue.queuedRows().stream().map(FileRow::input).toList(), !queue.rows().isEmpty(),
                queue.retryableProperty().get(), archiveName.targetProperty().get());
    }
}

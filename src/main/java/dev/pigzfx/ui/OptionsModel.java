package dev.pigzfx.ui;

import dev.pigzfx.batch.AdaptiveScheduler;
import dev.pigzfx.batch.CompressOptions;
import dev.pigzfx.batch.Discovery;
import dev.pigzfx.batch.Incompressible;
import dev.pigzfx.batch.Mode;
import dev.pigzfx.batch.Plan;
import dev.pigzfx.batch.Planner;
import dev.pigzfx.batch.Sizes;
import dev.pigzfx.engine.Engines;
import dev.pigzfx.engine.GzipEngine;
import dev.pigzfx.engine.GzipJob;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;

import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The options the user sets (level, threads, keep, engine, strategy, theme), remembered between
 * runs, what they mean on this machine (which engines can run, what "auto" resolves to), and the
 * plan they make of what is queued, in words.
 */
final class OptionsModel {

    private final int cores = Runtime.getRuntime().availableProcessors();
    private final Planner planner;
    private final IntegerProperty level = new SimpleIntegerProperty(this, "level");
    private final IntegerProperty threads = new SimpleIntegerProperty(this, "threads");
    private final BooleanProperty keep = new SimpleBooleanProperty(this, "keep");
    private final ObjectProperty<Engines> engine = new SimpleObjectProperty<>(this, "engine");
    private final ObjectProperty<Plan.Strategy> strategy = new SimpleObjectProperty<>(this, "strategy");
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(this, "theme");
    private final ObjectProperty<Incompressible> incompressible = new SimpleObjectProperty<>(this, "incompressible");
    /** Compress makes one .tar.gz of the list, rather than a .gz of each file. */
    private final BooleanProperty oneArchive = new SimpleBooleanProperty(this, "oneArchive");
    /** Decompress unpacks a .tar.gz to a folder, rather than to a .tar. */
    private final BooleanProperty unpackArchives = new SimpleBooleanProperty(this, "unpackArchives");
    /** What a batch does: compress, decompress or test. A new window starts in Compress. */
    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(this, "mode", Mode.COMPRESS);
    private final ReadOnlyStringWrapper planText = new ReadOnlyStringWrapper(this, "planText", "");
    /** Why each engine cannot run here ("" when it can): looked up once, as it searches the PATH. */
    private final Map<Engines, String> missing = new EnumMap<>(Engines.class);
    /** Each engine made once, when first planned with or run. */
    private final Map<Engines, GzipEngine> engines = new EnumMap<>(Engines.class);

    /** The options as the user left them, saved again at each change. */
    OptionsModel(Settings settings, Planner planner) {
        this.planner = planner;
        level.set(settings.level());
        threads.set(Math.min(settings.threads(), cores));
        keep.set(settings.keep());
        for (Engines e : Engines.values()) {
            missing.put(e, e.unavailableReason());
        }
        engine.set(missingReason(settings.engine()).isEmpty() ? settings.engine() : Engines.AUTO);
        strategy.set(settings.strategy());
        theme.set(settings.theme());
        incompressible.set(settings.incompressible());
        incompressible.addListener(o -> settings.saveIncompressible(incompressible.get()));
        oneArchive.set(settings.oneArchive());
        oneArchive.addListener(o -> settings.saveOneArchive(oneArchive.get()));
        unpackArchives.set(settings.unpackArchives());
        unpackArchives.addListener(o -> settings.saveUnpackArchives(unpackArchives.get()));
        for (Observable option : List.of(level, threads, keep, engine, strategy, theme)) {
            option.addListener(o -> settings.saveOptions(level.get(), threads.get(), keep.get(), engine.get(),
                    strategy.get(), theme.get()));
        }
    }

    /** 1 (fastest) to 9 (smallest). */
    IntegerProperty levelProperty() {
        return level;
    }

    /** Threads for the batch, 0 for all cores. */
    IntegerProperty threadsProperty() {
        return threads;
    }

    /** Keep the originals; off, they are removed once their {@code .gz} is verified. */
    BooleanProperty keepProperty() {
        return keep;
    }

    ObjectProperty<Engines> engineProperty() {
        return engine;
    }

    ObjectProperty<Plan.Strategy> strategyProperty() {
        return strategy;
    }

    ObjectProperty<Theme> themeProperty() {
        return theme;
    }

    /** What a batch does with data that does not shrink (random data, photos, archives). */
    ObjectProperty<Incompressible> incompressibleProperty() {
        return incompressible;
    }

    /** One archive of the list (Compress), rather than a .gz of each file. */
    BooleanProperty oneArchiveProperty() {
        return oneArchive;
    }

    /** Unpack a .tar.gz to a folder (Decompress), rather than to a .tar. */
    BooleanProperty unpackArchivesProperty() {
        return unpackArchives;
    }

    /** Whether the next batch makes one archive: Compress with "One archive" chosen. */
    boolean makesArchive() {
        return mode.get() == Mode.COMPRESS && oneArchive.get();
    }

    /** Compress, decompress or test. */
    ObjectProperty<Mode> modeProperty() {
        return mode;
    }

    /** The verb of a mode, as its button says it. */
    static String verb(Mode m) {
        return switch (m) {
            case COMPRESS -> "Compress";
            case DECOMPRESS -> "Decompress";
            case TEST -> "Test";
        };
    }

    /** A policy as the choice box names it. */
    String incompressibleName(Incompressible policy) {
        return switch (policy) {
            case FAST -> "Level 1 (fast)";
            case COMPRESS -> "Level as set";
            case SKIP -> "Skip";
        };
    }

    /** The plan for the queued files with the current options, in words. */
    ReadOnlyStringProperty planTextProperty() {
        return planText.getReadOnlyProperty();
    }

    /** What the plan depends on, besides the queue. */
    List<Observable> planInputs() {
        return List.of(level, threads, engine, strategy, mode, oneArchive);
    }

    int cores() {
        return cores;
    }

    /** Why {@code choice} cannot run on this machine, in words; empty when it can. */
    String missingReason(Engines choice) {
        return missing.get(choice);
    }

    /** An engine as the choice box names it: "Auto (libdeflate)", "pigz (not installed)". */
    String engineName(Engines choice) {
        if (choice == Engines.AUTO) {
            return "Auto (" + (missingReason(Engines.LIBDEFLATE).isEmpty() ? "libdeflate" : "zlib") + ")";
        }
        return choice.id() + (missingReason(choice).isEmpty() ? "" : " (not installed)");
    }

    /** A thread count as the choice box names it: "Auto (8 cores)", "4". */
    String threadsName(int n) {
        return n == 0 ? "Auto (" + cores + " cores)" : Integer.toString(n);
    }

    /** A strategy as the choice box names it. */
    String strategyName(Plan.Strategy choice) {
        return choice == Plan.Strategy.ADAPTIVE ? "Adaptive" : "Classic rule";
    }

    /** What the strategies do, for the choice box's tooltip. */
    String strategyHelp() {
        return "Adaptive: large files one at a time with every thread, small ones many at once.\nClassic rule: by"
                + " the average size against " + Sizes.format(AdaptiveScheduler.DEFAULT_THRESHOLD) + ".";
    }

    /** The engine {@code choice}, made on first use. */
    GzipEngine engine(Engines choice) throws IOException {
        GzipEngine made = engines.get(choice);
        if (made == null) {
            made = choice.create();
            engines.put(choice, made);
        }
        return made;
    }

    /** The options a batch runs with. */
    CompressOptions options() {
        int n = threads.get() == 0 ? cores : threads.get();
        return new CompressOptions(level.get(), n, GzipJob.DEFAULT_BLOCK_SIZE, keep.get(), false, engine.get());
    }

    /**
     * Plans {@code queued} with the current options and says the plan in words.
     *
     * @param anyRows   whether the table holds rows at all, queued or not
     * @param retryable failed and cancelled files, which Compress runs again when nothing is queued
     */
    void plan(List<Discovery.Input> queued, boolean anyRows, int retryable) {
        plan(queued, anyRows, retryable, null);
    }

    /**
     * As {@link #plan(List, boolean, int)}; {@code archive} is the archive Compress would make, when
     * it makes one.
     */
    void plan(List<Discovery.Input> queued, boolean anyRows, int retryable, java.nio.file.Path archive) {
        if (makesArchive() && archive != null && !queued.isEmpty()) {
            CompressOptions options = options();
            GzipEngine gzipEngine = engineOrSay(options);
            if (gzipEngine == null) {
                return;
            }
            long bytes = queued.stream().mapToLong(Discovery.Input::size).sum();
            planText.set(String.format(Locale.ROOT, "One archive, %s in %s: %,d file%s listed, %s, level %d,"
                    + " %d thread%s (%s); the originals are kept.", archive.getFileName(), archive.getParent(),
                    queued.size(), queued.size() == 1 ? "" : "s", Sizes.format(bytes), options.level(),
                    options.threads(), options.threads() == 1 ? "" : "s", gzipEngine.name()));
            return;
        }
        if (queued.isEmpty()) {
            planText.set(retryable > 0 ? String.format(Locale.ROOT, "Nothing new is queued: %s runs the %,d"
                    + " failed or cancelled file%s again.", verb(mode.get()), retryable, retryable == 1 ? "" : "s")
                    : anyRows ? "Nothing is queued: add files or folders."
                    : "Add files or folders to see how the cores will be spread.");
            return;
        }
        CompressOptions options = options();
        String how;
        Plan plan;
        if (mode.get() == Mode.COMPRESS) {
            GzipEngine gzipEngine = engineOrSay(options);
            if (gzipEngine == null) {
                return;
            }
            plan = planner.plan(queued, strategy.get(), options, gzipEngine, null);
            how = gzipEngine.name();
        } else {
            plan = plan(queued, options);
            how = mode.get() == Mode.DECOMPRESS ? "decompress" : "test";
        }
        planText.set(String.format(Locale.ROOT, "%d file%s, %s, %d thread%s (%s): %s", plan.files(),
                plan.files() == 1 ? "" : "s", Sizes.format(plan.totalBytes()), plan.threads(),
                plan.threads() == 1 ? "" : "s", how, plan.reason()));
    }

    /** The engine {@code options} name, or null when it cannot run here, the plan line then saying why. */
    private GzipEngine engineOrSay(CompressOptions options) {
        try {
            return engine(options.engine());
        } catch (IOException e) {
            planText.set(e.getMessage());
            return null;
        }
    }

    /**
     * The plan to decompress or test {@code queued}: the adaptive rule at its fixed threshold
     * (what it learns is compression's speed, not inflation's).
     */
    static Plan plan(List<Discovery.Input> queued, CompressOptions options) {
        return AdaptiveScheduler.plan(Plan.Strategy.ADAPTIVE, queued, options.threads(),
                AdaptiveScheduler.DEFAULT_THRESHOLD);
    }
}

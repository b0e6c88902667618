package dev.pigzfx.batch;

import dev.pigzfx.engine.GzipEngine;
import dev.pigzfx.engine.LibdeflateEngine;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes the {@link Plan} for a batch from the user's choices, with the adaptive threshold taken
 * from what this machine measured before, and teaches the {@link ThroughputModel} from each batch
 * that finishes. The command line and the window plan the same way through it.
 */
public final class Planner {

    private final ThroughputModel.Store store;
    /** Models read from the store, so that the window can plan at every change without reading the disk. */
    private final Map<String, ThroughputModel> known = new ConcurrentHashMap<>();

    public Planner(ThroughputModel.Store store) {
        this.store = store;
    }

    /**
     * @param threshold the size above which a file counts as large, or null for the strategy's own:
     *                  100 MB for classic, the learned one for adaptive
     */
    public Plan plan(List<Discovery.Input> inputs, Plan.Strategy strategy, CompressOptions options, GzipEngine engine,
                     Long threshold) {
        long limit = threshold != null ? threshold
                : strategy == Plan.Strategy.CLASSIC ? AdaptiveScheduler.DEFAULT_THRESHOLD
                : model(key(engine, options.level())).threshold(options.threads(), blockSize(engine, options));
        return AdaptiveScheduler.plan(strategy, inputs, options.threads(), limit);
    }

    /** Folds what a finished batch measured into the model kept for its engine and level. */
    public void learn(GzipEngine engine, int level, BatchResult result) {
        String key = key(engine, level);
        ThroughputModel learned = store.load(key).learn(result.samples());
        store.save(key, learned);
        known.put(key, learned);
    }

    private ThroughputModel model(String key) {
        return known.computeIfAbsent(key, store::load);
    }

    private static String key(GzipEngine engine, int level) {
        return engine.name() + "." + level;
    }

    private static int blockSize(GzipEngine engine, CompressOptions options) {
        return engine instanceof LibdeflateEngine ? LibdeflateEngine.blockSize(options.level()) : options.blockSize();
    }
}

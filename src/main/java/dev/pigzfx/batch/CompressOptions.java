package dev.pigzfx.batch;

import dev.pigzfx.engine.Engines;
import dev.pigzfx.engine.GzipJob;

/**
 * What the user chose for a compression.
 *
 * @param level     1 (fastest) to 9 (smallest)
 * @param threads   compress threads for one file
 * @param blockSize bytes per parallel block
 * @param keep      keep originals after their {@code .gz} is verified
 * @param force     replace an existing {@code .gz}
 * @param engine    which engine compresses
 */
public record CompressOptions(int level, int threads, int blockSize, boolean keep, boolean force, Engines engine) {

    public static final int DEFAULT_LEVEL = 6;

    public CompressOptions {
        new GzipJob(level, threads, blockSize, null); // validates the numbers
        if (engine == null) {
            engine = Engines.AUTO;
        }
    }

    public static CompressOptions defaults() {
        return new CompressOptions(DEFAULT_LEVEL, Runtime.getRuntime().availableProcessors(),
                GzipJob.DEFAULT_BLOCK_SIZE, false, false, Engines.AUTO);
    }

    public CompressOptions withLevel(int newLevel) {
        return new CompressOptions(newLevel, threads, blockSize, keep, force, engine);
    }

    public CompressOptions withThreads(int newThreads) {
        return new CompressOptions(level, newThreads, blockSize, keep, force, engine);
    }

    public CompressOptions withKeep(boolean newKeep) {
        return new CompressOptions(level, threads, blockSize, newKeep, force, engine);
    }

    public CompressOptions withForce(boolean newForce) {
        return new CompressOptions(level, threads, blockSize, keep, newForce, engine);
    }

    public CompressOptions withEngine(Engines newEngine) {
        return new CompressOptions(level, threads, blockSize, keep, force, newEngine);
    }

    public CompressOptions withBlockSize(int newBlockSize) {
        return new CompressOptions(level, threads, newBlockSize, keep, force, engine);
    }
}

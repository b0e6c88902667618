package dev.pigzfx.engine;

/**
 * How one stream is to be compressed.
 *
 * @param level     deflate level, 1 (fastest) to 9 (smallest)
 * @param threads   compress threads to use, at least 1
 * @param blockSize input bytes per parallel block, {@link #MIN_BLOCK_SIZE} to {@link #MAX_BLOCK_SIZE}
 * @param header    the name and time stored in the gzip header
 */
public record GzipJob(int level, int threads, int blockSize, GzipHeader header) {

    /** pigz's default: large enough that the 32 KiB dictionary hand-over costs little ratio. */
    public static final int DEFAULT_BLOCK_SIZE = 128 * 1024;
    /** No smaller than the deflate window, or a block could not prime the next one's dictionary. */
    public static final int MIN_BLOCK_SIZE = 32 * 1024;
    /** Bounds the memory in flight: about (2 x threads + 2) x 2 x block size. */
    public static final int MAX_BLOCK_SIZE = 64 * 1024 * 1024;

    public GzipJob {
        if (level < 1 || level > 9) {
            throw new IllegalArgumentException("level must be 1 to 9, not " + level);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        if (blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("block size must be 32 KiB to 64 MiB, not " + blockSize);
        }
        if (header == null) {
            header = GzipHeader.NONE;
        }
    }

    public static GzipJob of(int level, int threads) {
        return new GzipJob(level, threads, DEFAULT_BLOCK_SIZE, GzipHeader.NONE);
    }

    public GzipJob withHeader(GzipHeader newHeader) {
        return new GzipJob(level, threads, blockSize, newHeader);
    }
}

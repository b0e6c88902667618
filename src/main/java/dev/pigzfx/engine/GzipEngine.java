package dev.pigzfx.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Compresses a stream of any length into standard gzip. Implementations read {@code in} to its
 * end, write one complete gzip file to {@code out} (they neither flush to disk nor close it), and
 * leave no thread or process behind when they return, normally, by failure or by cancel.
 */
public interface GzipEngine {

    /** The name the user picks the engine by: {@code zlib}, {@code pigz}. */
    String name();

    /**
     * @throws java.util.concurrent.CancellationException if {@code cancel} was cancelled first
     * @throws IOException on a read or write failure, or when the engine cannot run here
     */
    CompressionResult compress(InputStream in, OutputStream out, GzipJob job, Progress progress,
                               Cancellation cancel) throws IOException;
}

package dev.pigzfx.batch;

import dev.pigzfx.engine.Cancellation;
import dev.pigzfx.engine.CompressionResult;
import dev.pigzfx.engine.GzipEngine;
import dev.pigzfx.engine.GzipJob;
import dev.pigzfx.engine.Progress;
import dev.pigzfx.engine.ZlibEngine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.UnaryOperator;

/** An engine for tests: the zlib engine, with something done to the world while a file is compressed. */
final class Meddling {

    /** What another process does meanwhile. */
    interface Meddle {
        void run() throws IOException;
    }

    private Meddling() {
    }

    /** Reads the whole input, does {@code meddle}, then compresses what it read through {@code output}. */
    static GzipEngine afterReading(Meddle meddle, UnaryOperator<OutputStream> output) {
        return new GzipEngine() {
            @Override
            public String name() {
                return "meddling";
            }

            @Override
            public CompressionResult compress(InputStream in, OutputStream out, GzipJob job, Progress progress,
                                              Cancellation cancel) throws IOException {
                byte[] all = in.readAllBytes();
                meddle.run();
                return new ZlibEngine().compress(new ByteArrayInputStream(all), output.apply(out), job, progress,
                        cancel);
            }
        };
    }

    static GzipEngine afterReading(Meddle meddle) {
        return afterReading(meddle, UnaryOperator.identity());
    }
}

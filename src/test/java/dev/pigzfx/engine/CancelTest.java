package dev.pigzfx.engine;

import dev.pigzfx.testing.Samples;
import dev.pigzfx.testing.Threads;
import dev.pigzfx.testing.Tools;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cancel stops an endless stream mid-way, and the engine leaves no thread or process behind. */
class CancelTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"zlib-1-thread", "zlib-2-threads", "zlib-4-threads", "libdeflate-1-thread",
        "libdeflate-2-threads", "pigz"})
    @Timeout(60)
    void cancelStopsAnEndlessStreamAndLeavesNothingRunning(String which) throws Exception {
        GzipEngine engine = switch (which.substring(0, which.indexOf('-') < 0 ? which.length() : which.indexOf('-'))) {
            case "pigz" -> {
                Tools.needPigz();
                yield PigzEngine.find().orElseThrow();
            }
            case "libdeflate" -> {
                Tools.needLibdeflate();
                yield LibdeflateEngine.find().orElseThrow();
            }
            default -> new ZlibEngine();
        };
        int threads = which.equals("pigz") ? 2 : Integer.parseInt(which.replaceAll("\\D", ""));
        Cancellation cancel = new Cancellation();
        CountDownLatch underWay = new CountDownLatch(1);
        Progress progress = (read, written) -> {
            if (read > 4 * 1024 * 1024) {
                underWay.countDown();
            }
        };

        CompletableFuture<CompressionResult> run = CompletableFuture.supplyAsync(() -> {
            try {
                return engine.compress(new Endless(), OutputStream.nullOutputStream(), GzipJob.of(6, threads),
                        progress, cancel);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        underWay.await();
        cancel.cancel();

        assertThatThrownBy(run::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(CancellationException.class);
        assertThat(Threads.engineThreadsAlive()).as("engine threads left running").isEmpty();
        assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList())
                .as("child processes left running").isEmpty();
    }

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {1, 3})
    void aCancelBeforeTheStartWritesNothing(int threads) {
        Cancellation cancel = new Cancellation();
        cancel.cancel();
        CountingSink sink = new CountingSink();

        assertThatThrownBy(() -> new ZlibEngine().compress(new Endless(), sink, GzipJob.of(6, threads),
                Progress.NONE, cancel)).isInstanceOf(CancellationException.class);
        assertThat(sink.count).isZero();
    }

    /** Text for ever. */
    static final class Endless extends InputStream {
        private final byte[] text = Samples.text(1 << 20, 4);
        private long position;

        @Override
        public int read() {
            return text[(int) (position++ % text.length)] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int at = (int) (position % text.length);
            int n = Math.min(len, text.length - at);
            System.arraycopy(text, at, b, off, n);
            position += n;
            return n;
        }
    }

    static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}

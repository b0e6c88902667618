package dev.pigzfx.batch;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A stream of bytes from one thread to another, a few pieces at a time: the tar stream an archive
 * is made of flows through one into the compressor, and a decompressed archive through one into the
 * tar reader, with never more than {@code pieces} x {@link #PIECE} bytes held. Either side may stop
 * the other with a failure, which the other side's next call throws.
 */
final class Pipe {

    static final int PIECE = 256 * 1024;
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> queue;
    private volatile IOException failure;
    private final Source source = new Source();
    private final Sink sink = new Sink();

    Pipe(int pieces) {
        queue = new ArrayBlockingQueue<>(pieces);
    }

    /** The side that writes: its own thread, writing everything to {@code sink}. */
    @FunctionalInterface
    interface Writing<T> {
        T write(OutputStream sink) throws IOException;
    }

    /** The side that reads: the caller's thread, reading {@code source} to its end. */
    @FunctionalInterface
    interface Reading<T> {
        T read(InputStream source) throws IOException;
    }

    /** What each side gave. */
    record Both<W, R>(W written, R read) {
    }

    /**
     * Runs {@code writer} on a thread of its own and {@code reader} on this one, joined by a pipe of
     * {@code pieces} pieces, and returns once both have ended. When either side fails, the other is
     * stopped and the first failure is thrown (the writer's when it failed: its reason is the real
     * one); a cancel is thrown as a cancel, however each side ended.
     *
     * @throws java.util.concurrent.CancellationException if {@code cancel} was cancelled
     */
    @SuppressWarnings("unchecked")
    static <W, R> Both<W, R> connect(String threadName, int pieces, Writing<W> writer, Reading<R> reader,
                                     dev.pigzfx.engine.Cancellation cancel) throws IOException {
        Pipe pipe = new Pipe(pieces);
        Object[] written = new Object[1];
        IOException[] failure = new IOException[1];
        Thread thread = Thread.ofPlatform().name(threadName).start(() -> {
            try (OutputStream sink = pipe.sink()) {
                written[0] = writer.write(sink);
            } catch (IOException e) {
                failure[0] = e;
                pipe.fail(e);
            } catch (java.util.concurrent.CancellationException e) {
                pipe.fail(new IOException("cancelled"));
            } catch (RuntimeException e) {
                failure[0] = new IOException(e.toString(), e);
                pipe.fail(failure[0]);
            }
        });
        R read;
        try (InputStream source = pipe.source()) {
            read = reader.read(source);
        } catch (IOException | RuntimeException e) {
            pipe.fail(new IOException("the reader stopped"));
            join(thread);
            cancel.throwIfCancelled();
            if (failure[0] != null) {
                throw failure[0];
            }
            throw e;
        }
        join(thread);
        cancel.throwIfCancelled();
        if (failure[0] != null) {
            throw failure[0];
        }
        return new Both<>((W) written[0], read);
    }

    /** Waits for {@code thread} to end, however often this one is interrupted meanwhile (and says so after). */
    private static void join(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the writing thread writes to; closing it ends the stream. */
    OutputStream sink() {
        return sink;
    }

    /** What the reading thread reads from. */
    InputStream source() {
        return source;
    }

    /**
     * Stops the pipe: the other side's next read or write throws {@code why}. A reader that stops
     * early does this, so that the writer does not wait for room forever.
     */
    void fail(IOException why) {
        if (failure == null) {
            failure = why;
        }
        queue.clear();
        queue.offer(END); // wakes a reader waiting for a piece
    }

    private void check() throws IOException {
        IOException why = failure;
        if (why != null) {
            throw new IOException(why.getMessage(), why);
        }
    }

    private final class Sink extends OutputStream {
        private byte[] piece = new byte[PIECE];
        private int filled;
        private boolean closed;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, PIECE - filled);
                System.arraycopy(b, off, piece, filled, n);
                filled += n;
                off += n;
                len -= n;
                if (filled == PIECE) {
                    send();
                }
            }
        }

        private void send() throws IOException {
            check();
            byte[] full = filled == PIECE ? piece : java.util.Arrays.copyOf(piece, filled);
            put(full);
            piece = new byte[PIECE];
            filled = 0;
        }

        private void put(byte[] b) throws IOException {
            try {
                while (!queue.offer(b, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    check(); // the reader stopped: nobody will make room
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted");
            }
            check();
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            if (filled > 0) {
                send();
            }
            put(END);
        }
    }

    private final class Source extends InputStream {
        private byte[] piece = new byte[0];
        private int at;
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (at == piece.length) {
                if (ended) {
                    return -1;
                }
                try {
                    piece = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted");
                }
                at = 0;
                check();
                ended = piece == END;
            }
            int n = Math.min(len, piece.length - at);
            System.arraycopy(piece, at, b, off, n);
            at += n;
            return n;
        }

        @Override
        public void close() {
            if (!ended) {
                fail(new IOException("the reader stopped"));
            }
        }
    }
}

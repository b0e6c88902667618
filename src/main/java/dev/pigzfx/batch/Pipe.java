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

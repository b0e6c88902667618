package dev.pigzfx.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Parallel gzip with {@link Deflater}, the algorithm of pigz.
 *
 * <h2>Algorithm</h2>
 * The input is cut into blocks of {@link GzipJob#blockSize()} bytes. Each block is deflated on its
 * own, by any compress thread, with the last 32 KiB of the block before it as preset dictionary,
 * so matches reach back across the block boundary as they would in one serial stream. Every block
 * but the last ends with a sync flush (an empty stored block), which leaves the deflate stream
 * byte-aligned, so the compressed blocks can simply be concatenated; the last block ends with
 * finish. The result is one ordinary gzip member that every gzip reads. The CRC-32 of the whole
 * input is computed in order on the write thread, off the compress threads.
 *
 * <h2>Threads</h2>
 * <ul>
 *   <li><b>read</b> (the caller's thread): fills blocks from the input, reading one block ahead to
 *       learn which block is the last, copies each block's tail into the next one's dictionary and
 *       queues the block both for compression and, in input order, for writing;</li>
 *   <li><b>compress</b> ({@code threads} of them, named {@code pigzfx-compress-N}): each owns one
 *       Deflater for the whole stream, reset per block and ended when the thread ends;</li>
 *   <li><b>write</b> ({@code pigzfx-write}): waits for blocks strictly in input order, updates the
 *       CRC-32 over their input, writes their output, reports progress and returns each block to the
 *       pool.</li>
 * </ul>
 * An input that fits in one block, or a job with one thread, is compressed on the caller's thread
 * alone, as a single deflate stream with no hand-offs.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>Memory: at most {@code 2 x threads + 2} blocks exist, each holding its input, a 32 KiB
 *       dictionary and its output; whatever the stream's length, nothing else grows.</li>
 *   <li>Order: output is written in input order; nothing is written after a failure.</li>
 *   <li>Stop: every wait is bounded ({@link #POLL_MS}) and re-checks the stop flag, and deflate is
 *       fed at most {@link #OUTPUT_SLICE} bytes of output space per call, so a cancel or a failure
 *       on any thread stops all of them within a few milliseconds; {@code compress} joins every
 *       thread it started before it returns or throws.</li>
 * </ul>
 */
public final class ZlibEngine implements GzipEngine {

    /** The deflate window: the most a match can reach back, hence the dictionary handed on. */
    static final int DICTIONARY_SIZE = 32 * 1024;
    /** Longest a thread waits before it looks at the stop flag again. */
    static final long POLL_MS = 10;
    /** Output space per deflate call: about a millisecond of work, so a stop is seen quickly. */
    static final int OUTPUT_SLICE = 64 * 1024;
    /** Read size of the single-thread path. */
    private static final int SERIAL_CHUNK = 128 * 1024;

    @Override
    public String name() {
        return "zlib";
    }

    @Override
    public CompressionResult compress(InputStream in, OutputStream out, GzipJob job, Progress progress,
                                      Cancellation cancel) throws IOException {
        cancel.throwIfCancelled();
        long headerBytes = job.header().writeTo(out, job.level());
        if (job.threads() == 1) {
            return serial(in, null, 0, out, job.level(), headerBytes, progress, cancel);
        }
        byte[] first = in.readNBytes(job.blockSize());
        if (first.length < job.blockSize()) {
            return serial(in, first, first.length, out, job.level(), headerBytes, progress, cancel);
        }
        return new Pipeline(job, out, progress, cancel, headerBytes).run(in, first);
    }

    /**
     * One deflate stream on the caller's thread: {@code prefix} (when not null) and then the rest of
     * {@code in}.
     */
    private static CompressionResult serial(InputStream in, byte[] prefix, int prefixLength, OutputStream out,
                                            int level, long headerBytes, Progress progress,
                                            Cancellation cancel) throws IOException {
        Deflater deflater = new Deflater(level, true);
        try {
            CRC32 crc = new CRC32();
            byte[] input = prefix != null ? prefix : new byte[SERIAL_CHUNK];
            byte[] output = new byte[OUTPUT_SLICE];
            long read = 0;
            long written = headerBytes;
            int n = prefix != null ? prefixLength : in.readNBytes(input, 0, input.length);
            while (true) {
                cancel.throwIfCancelled();
                boolean last = prefix != null || n < input.length;
                crc.update(input, 0, n);
                read += n;
                deflater.setInput(input, 0, n);
                if (last) {
                    deflater.finish();
                }
                while (last ? !deflater.finished() : !deflater.needsInput()) {
                    int produced = deflater.deflate(output, 0, output.length, Deflater.NO_FLUSH);
                    out.write(output, 0, produced);
                    written += produced;
                    cancel.throwIfCancelled();
                }
                progress.update(read, written);
                if (last) {
                    break;
                }
                n = in.readNBytes(input, 0, input.length);
            }
            GzipHeader.writeTrailer(out, (int) crc.getValue(), read);
            written += 8;
            progress.update(read, written);
            return new CompressionResult(read, written, (int) crc.getValue());
        } finally {
            deflater.end();
        }
    }

    /** One block of input with what is needed to compress it independently, and its output. */
    private static final class Block {
        final byte[] input;
        int length;
        final byte[] dictionary = new byte[DICTIONARY_SIZE];
        int dictionaryLength;
        byte[] output;
        int outputLength;
        boolean last;
        /** Released once by the compress thread when {@link #output} is complete. */
        final Semaphore compressed = new Semaphore(0);

        Block(int size) {
            input = new byte[size];
            output = new byte[size + (size >>> 3) + 64];
        }
    }

    /** The threads and queues of one multi-threaded run. */
    private static final class Pipeline {
        private final GzipJob job;
        private final OutputStream out;
        private final Progress progress;
        private final Cancellation cancel;
        private final int poolSize;
        private final BlockingQueue<Block> free;
        private final BlockingQueue<Block> toCompress = new LinkedBlockingQueue<>();
        private final BlockingQueue<Block> toWrite = new LinkedBlockingQueue<>();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final List<Thread> threads = new ArrayList<>();
        private final CRC32 crc = new CRC32();
        private int blocksMade;
        private volatile boolean stop;
        private volatile boolean inputDone;
        private long bytesRead;
        private long bytesWritten;

        Pipeline(GzipJob job, OutputStream out, Progress progress, Cancellation cancel, long headerBytes) {
            this.job = job;
            this.out = out;
            this.progress = progress;
            this.cancel = cancel;
            this.poolSize = 2 * job.threads() + 2;
            this.free = new ArrayBlockingQueue<>(poolSize);
            this.bytesWritten = headerBytes;
        }

        CompressionResult run(InputStream in, byte[] first) throws IOException {
            try (Cancellation.Registration hook = cancel.onCancel(() -> stop = true)) {
                start();
                Block current = acquire();
                System.arraycopy(first, 0, current.input, 0, first.length);
                current.length = first.length;
                current.dictionaryLength = 0;
                while (true) {
                    Block next = acquire();
                    System.arraycopy(current.input, current.length - DICTIONARY_SIZE, next.dictionary, 0,
                            DICTIONARY_SIZE);
                    next.dictionaryLength = DICTIONARY_SIZE;
                    next.length = in.readNBytes(next.input, 0, next.input.length);
                    if (next.length == 0) {
                        free.add(next);
                        submit(current, true);
                        break;
                    }
                    submit(current, false);
                    if (next.length < next.input.length) {
                        submit(next, true);
                        break;
                    }
                    current = next;
                }
                inputDone = true;
                joinAll();
            } catch (Throwable t) {
                fail(t);
                joinAll();
            }
            Throwable t = failure.get();
            if (t != null || cancel.isCancelled()) {
                if (t instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                if (cancel.isCancelled() || t instanceof CancellationException || t instanceof InterruptedException) {
                    throw new CancellationException("cancelled");
                }
                if (t instanceof IOException e) {
                    throw e;
                }
                if (t instanceof RuntimeException e) {
                    throw e;
                }
                if (t instanceof Error e) {
                    throw e;
                }
                throw new IOException(t);
            }
            GzipHeader.writeTrailer(out, (int) crc.getValue(), bytesRead);
            bytesWritten += 8;
            progress.update(bytesRead, bytesWritten);
            return new CompressionResult(bytesRead, bytesWritten, (int) crc.getValue());
        }

        private void start() {
            for (int i = 0; i < job.threads(); i++) {
                threads.add(Thread.ofPlatform().name("pigzfx-compress-" + i).daemon().start(this::compressLoop));
            }
            threads.add(Thread.ofPlatform().name("pigzfx-write").daemon().start(this::writeLoop));
        }

        private Block acquire() throws InterruptedException {
            Block b = free.poll();
            if (b == null && blocksMade < poolSize) {
                blocksMade++;
                return new Block(job.blockSize());
            }
            while (b == null) {
                checkStop();
                b = free.poll(POLL_MS, TimeUnit.MILLISECONDS);
            }
            return b;
        }

        private void submit(Block b, boolean last) {
            checkStop();
            b.last = last;
            b.outputLength = 0;
            toWrite.add(b);
            toCompress.add(b);
        }

        private void checkStop() {
            if (stop) {
                throw new CancellationException("stopped");
            }
        }

        private void fail(Throwable t) {
            failure.compareAndSet(null, t);
            stop = true;
        }

        private void joinAll() {
            boolean interrupted = false;
            for (Thread t : threads) {
                while (t.isAlive()) {
                    try {
                        t.join();
                    } catch (InterruptedException e) {
                        interrupted = true;
                        stop = true;
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        private void compressLoop() {
            Deflater deflater = new Deflater(job.level(), true);
            try {
                while (!stop) {
                    Block b = toCompress.poll(POLL_MS, TimeUnit.MILLISECONDS);
                    if (b == null) {
                        if (inputDone && toCompress.isEmpty()) {
                            return;
                        }
                        continue;
                    }
                    deflate(deflater, b);
                    b.compressed.release();
                }
            } catch (Throwable t) {
                fail(t);
            } finally {
                deflater.end();
            }
        }

        private void deflate(Deflater deflater, Block b) {
            deflater.reset();
            if (b.dictionaryLength > 0) {
                deflater.setDictionary(b.dictionary, 0, b.dictionaryLength);
            }
            deflater.setInput(b.input, 0, b.length);
            int flush = Deflater.SYNC_FLUSH;
            if (b.last) {
                deflater.finish();
                flush = Deflater.NO_FLUSH;
            }
            int at = 0;
            while (true) {
                checkStop();
                if (at == b.output.length) {
                    b.output = Arrays.copyOf(b.output, b.output.length + (b.output.length >>> 1));
                }
                int room = Math.min(OUTPUT_SLICE, b.output.length - at);
                int produced = deflater.deflate(b.output, at, room, flush);
                at += produced;
                if (b.last ? deflater.finished() : produced < room) {
                    break;
                }
            }
            b.outputLength = at;
        }

        private void writeLoop() {
            try {
                while (true) {
                    Block b = toWrite.poll(POLL_MS, TimeUnit.MILLISECONDS);
                    if (b == null) {
                        checkStop();
                        continue;
                    }
                    while (!b.compressed.tryAcquire(POLL_MS, TimeUnit.MILLISECONDS)) {
                        checkStop();
                    }
                    checkStop();
                    crc.update(b.input, 0, b.length);
                    out.write(b.output, 0, b.outputLength);
                    bytesRead += b.length;
                    bytesWritten += b.outputLength;
                    progress.update(bytesRead, bytesWritten);
                    boolean last = b.last;
                    free.add(b);
                    if (last) {
                        return;
                    }
                }
            } catch (Throwable t) {
                fail(t);
            }
        }
    }
}

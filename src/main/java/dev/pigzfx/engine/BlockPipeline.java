package dev.pigzfx.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.zip.CRC32;

/**
 * The threads and queues that compress a stream block by block in parallel and write the blocks
 * back in order. What a block becomes is up to the engine's {@link Coder}; this class owns the
 * reading, ordering, memory bound, progress, CRC and stopping.
 *
 * <h2>Threads</h2>
 * <ul>
 *   <li><b>read</b> (the caller's thread): fills blocks from the input, reading one block ahead to
 *       learn which block is the last; when the coder wants it, copies each block's last 32 KiB into
 *       the next block's dictionary; queues each block both for coding and, in input order, for
 *       writing;</li>
 *   <li><b>compress</b> ({@code threads} of them, {@code pigzfx-compress-N}): each owns one
 *       {@link Coder} for the whole stream, closed when the thread ends;</li>
 *   <li><b>write</b> ({@code pigzfx-write}): waits for blocks strictly in input order, updates the
 *       CRC-32 over their input, writes their output, reports progress and returns each block to the
 *       pool.</li>
 * </ul>
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>Memory: at most {@code 2 x threads + 2} blocks exist, each holding its input, a 32 KiB
 *       dictionary and its output; whatever the stream's length, nothing else grows.</li>
 *   <li>Order: output is written in input order; nothing is written after a failure.</li>
 *   <li>Stop: every wait is bounded ({@link #POLL_MS}) and re-checks the stop flag, and coders may call
 *       {@link Block#checkStop()} while they work, so a cancel or a failure on any thread stops all of
 *       them within milliseconds; {@link #run} joins every thread it started before it returns.</li>
 * </ul>
 */
final class BlockPipeline {

    /** The deflate window: the most a match can reach back, hence the dictionary handed on. */
    static final int DICTIONARY_SIZE = 32 * 1024;
    /** Longest a thread waits before it looks at the stop flag again. */
    static final long POLL_MS = 10;

    /** Turns blocks into output. One per compress thread, so it may keep state between blocks. */
    interface Coder extends AutoCloseable {
        /** Fills {@code b.output} and {@code b.outputLength} from the block's input. */
        void code(Block b);

        @Override
        void close();
    }

    /** One block of input, what is needed to code it on its own, and its output. */
    static final class Block {
        final byte[] input;
        int length;
        /** The 32 KiB of input before this block, when the coder asked for dictionaries. */
        final byte[] dictionary;
        int dictionaryLength;
        byte[] output;
        int outputLength;
        /** Position in the stream, 0 for the first block. */
        long index;
        boolean last;
        private final Semaphore coded = new Semaphore(0);
        /** The run the block belongs to, or null for a block coded on the caller's thread. */
        private final BlockPipeline owner;

        Block(BlockPipeline owner, int size, boolean withDictionary, int outputSize) {
            this.owner = owner;
            this.input = new byte[size];
            this.length = size;
            dictionary = withDictionary ? new byte[DICTIONARY_SIZE] : null;
            output = new byte[outputSize];
        }

        /** Throws {@link CancellationException} when the run is stopping. */
        void checkStop() {
            if (owner != null) {
                owner.checkStop();
            }
        }
    }

    /** What the pipeline read and wrote, for the engine's trailer and result. */
    record Totals(long bytesRead, long bytesWritten, int crc32) {
    }

    private final int threads;
    private final int blockSize;
    private final boolean dictionaries;
    private final int outputSize;
    private final Supplier<Coder> coders;
    private final OutputStream out;
    private final Progress progress;
    private final Cancellation cancel;
    private final int poolSize;
    private final BlockingQueue<Block> free;
    private final BlockingQueue<Block> toCode = new LinkedBlockingQueue<>();
    private final BlockingQueue<Block> toWrite = new LinkedBlockingQueue<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final List<Thread> running = new ArrayList<>();
    private final CRC32 crc = new CRC32();
    private int blocksMade;
    private volatile boolean stop;
    private volatile boolean inputDone;
    private long bytesRead;
    private long bytesWritten;

    /**
     * @param dictionaries whether each block gets the previous block's last 32 KiB
     * @param outputSize   the first size of each block's output array; coders may grow it
     * @param bytesBefore  bytes already written to {@code out} (a header), counted in progress
     */
    BlockPipeline(int threads, int blockSize, boolean dictionaries, int outputSize, Supplier<Coder> coders,
                  OutputStream out, Progress progress, Cancellation cancel, long bytesBefore) {
        this.threads = threads;
        this.blockSize = blockSize;
        this.dictionaries = dictionaries;
        this.outputSize = outputSize;
        this.coders = coders;
        this.out = out;
        this.progress = progress;
        this.cancel = cancel;
        this.poolSize = 2 * threads + 2;
        this.free = new ArrayBlockingQueue<>(poolSize);
        this.bytesWritten = bytesBefore;
    }

    /**
     * Codes and writes {@code first} (a full block already read) and the rest of {@code in}.
     *
     * @throws CancellationException when cancelled or interrupted
     */
    Totals run(InputStream in, byte[] first) throws IOException {
        return run(in, first, first.length);
    }

    /** The same with the first block in the start of {@code first}, {@code firstLength} bytes. */
    Totals run(InputStream in, byte[] first, int firstLength) throws IOException {
        try (Cancellation.Registration hook = cancel.onCancel(() -> stop = true)) {
            start();
            Block current = acquire();
            System.arraycopy(first, 0, current.input, 0, firstLength);
            current.length = firstLength;
            current.dictionaryLength = 0;
            long index = 0;
            while (true) {
                Block next = acquire();
                if (dictionaries) {
                    System.arraycopy(current.input, current.length - DICTIONARY_SIZE, next.dictionary, 0,
                            DICTIONARY_SIZE);
                    next.dictionaryLength = DICTIONARY_SIZE;
                }
                next.length = in.readNBytes(next.input, 0, next.input.length);
                if (next.length == 0) {
                    free.add(next);
                    submit(current, index, true);
                    break;
                }
                submit(current, index++, false);
                if (next.length < next.input.length) {
                    submit(next, index, true);
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
        rethrowFailure();
        return new Totals(bytesRead, bytesWritten, (int) crc.getValue());
    }

    private void rethrowFailure() throws IOException {
        Throwable t = failure.get();
        if (t == null && !cancel.isCancelled()) {
            return;
        }
        if (t instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        if (cancel.isCancelled() || t instanceof CancellationException || t instanceof InterruptedException) {
            throw new CancellationException("cancelled");
        }
        switch (t) {
            case IOException e -> throw e;
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> throw new IOException(t);
        }
    }

    private void start() {
        for (int i = 0; i < threads; i++) {
            running.add(Thread.ofPlatform().name("pigzfx-compress-" + i).daemon().start(this::codeLoop));
        }
        running.add(Thread.ofPlatform().name("pigzfx-write").daemon().start(this::writeLoop));
    }

    private Block acquire() throws InterruptedException {
        Block b = free.poll();
        if (b == null && blocksMade < poolSize) {
            blocksMade++;
            return new Block(this, blockSize, dictionaries, outputSize);
        }
        while (b == null) {
            checkStop();
            b = free.poll(POLL_MS, TimeUnit.MILLISECONDS);
        }
        return b;
    }

    private void submit(Block b, long index, boolean last) {
        checkStop();
        b.index = index;
        b.last = last;
        b.outputLength = 0;
        toWrite.add(b);
        toCode.add(b);
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
        for (Thread t : running) {
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

    private void codeLoop() {
        try (Coder coder = coders.get()) {
            while (!stop) {
                Block b = toCode.poll(POLL_MS, TimeUnit.MILLISECONDS);
                if (b == null) {
                    if (inputDone && toCode.isEmpty()) {
                        return;
                    }
                    continue;
                }
                coder.code(b);
                b.coded.release();
            }
        } catch (Throwable t) {
            fail(t);
        }
    }

    private void writeLoop() {
        try {
            while (true) {
                Block b = toWrite.poll(POLL_MS, TimeUnit.MILLISECONDS);
                if (b == null) {
                    checkStop();
                    continue;
                }
                while (!b.coded.tryAcquire(POLL_MS, TimeUnit.MILLISECONDS)) {
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

package dev.pigzfx.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
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
 * <h2>Threads and memory</h2>
 * The reading, ordering, memory bound and stopping are {@link BlockPipeline}'s; here each compress
 * thread owns one Deflater for the whole stream, reset per block and ended when the thread ends,
 * and feeds it at most {@link #OUTPUT_SLICE} bytes of output space per call, so that a cancel is
 * seen within about a millisecond even with 64 MiB blocks. An input that fits in one block, or a
 * job with one thread, is compressed on the caller's thread alone, as a single deflate stream with
 * no hand-offs.
 */
public final class ZlibEngine implements GzipEngine {

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
        int outputSize = job.blockSize() + (job.blockSize() >>> 3) + 64;
        BlockPipeline.Totals t = new BlockPipeline(job.threads(), job.blockSize(), true, outputSize,
                () -> new DeflateCoder(job.level()), out, progress, cancel, headerBytes).run(in, first);
        GzipHeader.writeTrailer(out, t.crc32(), t.bytesRead());
        progress.update(t.bytesRead(), t.bytesWritten() + 8);
        return new CompressionResult(t.bytesRead(), t.bytesWritten() + 8, t.crc32());
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

    /** Deflates blocks with a Deflater this compress thread owns for the whole stream. */
    private static final class DeflateCoder implements BlockPipeline.Coder {
        private final Deflater deflater;

        DeflateCoder(int level) {
            deflater = new Deflater(level, true);
        }

        @Override
        public void code(BlockPipeline.Block b) {
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
                b.checkStop();
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

        @Override
        public void close() {
            deflater.end();
        }
    }
}

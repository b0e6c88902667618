package dev.pigzfx.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.zip.CRC32;

/**
 * Parallel gzip with libdeflate: faster than zlib at the same level, and a little smaller.
 *
 * <h2>Format</h2>
 * libdeflate compresses whole buffers, not streams, so the input is cut into independent blocks
 * ({@link #blockSize}: 1 MiB up to level 6, smaller at the slow levels so that a cancel is seen
 * quickly; the job's block size is for the other engines) and each block becomes a complete gzip
 * member of its own. A file of several members is standard gzip (RFC 1952, section 2.2): {@code gzip -d},
 * {@code pigz}, zlib's {@code gzread} and Java's {@code GZIPInputStream} all read it as one stream.
 * Every member's header carries an extra field, subfield {@code PF}, holding the member's total
 * size in bytes, so that a reader that knows it can find every member without inflating and test
 * or decompress them in parallel. The first member also stores the original name.
 *
 * <pre>
 *   1f 8b 08 FLG MTIME(4) XFL OS | XLEN=8 | 'P' 'F' LEN=4 MEMBER_SIZE(4) | NAME 00 (first only)
 *   raw deflate data | CRC-32 of the block (4) | block length (4)
 * </pre>
 *
 * <h2>Threads and memory</h2>
 * {@link BlockPipeline} reads, orders and writes; each compress thread holds one libdeflate
 * compressor (about 1 MB of native memory at most levels) for the whole stream, taken from and
 * returned to a small pool. An input of one
 * block, or a job with one thread, is compressed on the caller's thread with no hand-offs. Blocks in
 * flight: at most 2 x threads + 2, each about twice the block size.
 */
public final class LibdeflateEngine implements GzipEngine {

    /**
     * Input per block at levels 1 to 6: large enough that starting each block without a dictionary
     * costs well under 0.1% in size, small enough that one block compresses in about 25 ms.
     */
    public static final int BLOCK_SIZE = 1024 * 1024;
    /** Subfield id of the member size in the extra field: 'P', 'F'. */
    static final int SUBFIELD_ID1 = 'P';
    static final int SUBFIELD_ID2 = 'F';
    /** Header bytes before the name: 10 fixed, 2 of XLEN, 8 of subfield. */
    static final int FIXED_HEADER = 20;
    private static final int TRAILER = 8;

    /**
     * Compressors kept between streams, by level: allocating one maps about a megabyte of tables
     * that must then be faulted in, which for a batch of small files costs more than compressing
     * them. At most {@link #POOLED_PER_LEVEL} are kept per level; they live as long as the process.
     */
    private static final int POOLED_PER_LEVEL = 2 * Runtime.getRuntime().availableProcessors();
    private static final Map<Integer, Deque<Libdeflate.Compressor>> POOL = new ConcurrentHashMap<>();

    /**
     * Each thread's block for the input it reads first and for files it compresses alone: a batch of
     * small files would otherwise allocate and zero a block's input and output per file (with the
     * integrity test's own per-thread buffers, JFR counted 276 MB allocated for 2,457 small files
     * before, 152 MB after).
     */
    private static final ThreadLocal<BlockPipeline.Block> SCRATCH = ThreadLocal.withInitial(
            () -> new BlockPipeline.Block(null, BLOCK_SIZE, false, outputSize(BLOCK_SIZE)));

    private final Libdeflate lib;

    private LibdeflateEngine(Libdeflate lib) {
        this.lib = lib;
    }

    private Libdeflate.Compressor borrow(int level) {
        Libdeflate.Compressor c = POOL.computeIfAbsent(level, l -> new ConcurrentLinkedDeque<>()).pollFirst();
        return c != null ? c : lib.new Compressor(level);
    }

    private static void giveBack(int level, Libdeflate.Compressor c) {
        Deque<Libdeflate.Compressor> pool = POOL.get(level);
        if (pool.size() < POOLED_PER_LEVEL) {
            pool.offerFirst(c);
        } else {
            c.close();
        }
    }

    /** The engine, where the system's libdeflate could be loaded. */
    public static Optional<LibdeflateEngine> find() {
        return Libdeflate.find().map(LibdeflateEngine::new);
    }

    /** Where the library comes from on each system. */
    static final String INSTALL_HINT = "Debian/Ubuntu: apt install libdeflate0, Fedora: dnf install libdeflate,"
            + " macOS: brew install libdeflate";

    public static String missingMessage() {
        return "the libdeflate engine needs the libdeflate library, which was not found: install it ("
                + INSTALL_HINT + ") or choose the zlib engine";
    }

    @Override
    public String name() {
        return "libdeflate";
    }

    @Override
    public CompressionResult compress(InputStream in, OutputStream out, GzipJob job, Progress progress,
                                      Cancellation cancel) throws IOException {
        cancel.throwIfCancelled();
        int blockSize = blockSize(job.level());
        BlockPipeline.Block first = SCRATCH.get();
        first.length = in.readNBytes(first.input, 0, blockSize);
        if (job.threads() == 1 || first.length < blockSize) {
            return serial(in, first, blockSize, out, job, progress, cancel);
        }
        BlockPipeline.Totals t = new BlockPipeline(job.threads(), blockSize, false, outputSize(blockSize),
                () -> new MemberCoder(this, job), out, progress, cancel, 0).run(in, first.input, first.length);
        return new CompressionResult(t.bytesRead(), t.bytesWritten(), t.crc32());
    }

    /** Codes {@code b}, which holds the first block, and the rest of {@code in} on this thread. */
    private CompressionResult serial(InputStream in, BlockPipeline.Block b, int blockSize, OutputStream out,
                                     GzipJob job, Progress progress, Cancellation cancel) throws IOException {
        CRC32 crc = new CRC32();
        long read = 0;
        long written = 0;
        b.index = 0;
        try (MemberCoder coder = new MemberCoder(this, job)) {
            while (true) {
                cancel.throwIfCancelled();
                b.last = b.length < blockSize;
                coder.code(b);
                crc.update(b.input, 0, b.length);
                out.write(b.output, 0, b.outputLength);
                read += b.length;
                written += b.outputLength;
                progress.update(read, written);
                if (b.last) {
                    break;
                }
                b.index++;
                b.length = in.readNBytes(b.input, 0, blockSize);
                if (b.length == 0) {
                    break;
                }
            }
        }
        return new CompressionResult(read, written, (int) crc.getValue());
    }

    /**
     * A libdeflate call cannot be interrupted, so a block must compress quickly enough for a cancel
     * to be seen within 100 ms: the slower levels get smaller blocks (per core, on the machines
     * measured: level 6 about 45 MB/s, level 7 about 18, levels 8 and 9 about 7).
     */
    public static int blockSize(int level) {
        return level <= 6 ? BLOCK_SIZE : level == 7 ? BLOCK_SIZE / 2 : BLOCK_SIZE / 4;
    }

    private static int outputSize(int blockSize) {
        return blockSize + (blockSize >>> 6) + 512;
    }

    /** Makes one gzip member of each block with a compressor this compress thread owns. */
    private static final class MemberCoder implements BlockPipeline.Coder {
        private final Libdeflate.Compressor compressor;
        private final GzipJob job;
        private final byte[] name;
        private final CRC32 crc = new CRC32();

        MemberCoder(LibdeflateEngine engine, GzipJob job) {
            this.compressor = engine.borrow(job.level());
            this.job = job;
            String fileName = job.header().fileName();
            this.name = fileName == null || fileName.isEmpty() || fileName.indexOf('\0') >= 0
                    ? null : fileName.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void code(BlockPipeline.Block b) {
            boolean named = b.index == 0 && name != null;
            int headerLength = FIXED_HEADER + (named ? name.length + 1 : 0);
            int need = headerLength + compressor.bound(b.length) + TRAILER;
            if (b.output.length < need) {
                b.output = new byte[need];
            }
            int deflated = compressor.deflate(b.input, b.length, b.output, headerLength);
            if (deflated == 0) {
                throw new IllegalStateException("libdeflate output did not fit its own bound");
            }
            int memberSize = headerLength + deflated + TRAILER;
            byte[] o = b.output;
            o[0] = (byte) GzipHeader.ID1;
            o[1] = (byte) GzipHeader.ID2;
            o[2] = GzipHeader.CM_DEFLATE;
            o[3] = (byte) (GzipHeader.FEXTRA | (named ? GzipHeader.FNAME : 0));
            long mtime = job.header().mtimeSeconds();
            GzipHeader.putIntLE(o, 4, mtime >= 0 && mtime <= 0xffff_ffffL ? (int) mtime : 0);
            o[8] = (byte) GzipHeader.extraFlags(job.level());
            o[9] = GzipHeader.OS_UNIX;
            o[10] = 8;
            o[11] = 0;
            o[12] = SUBFIELD_ID1;
            o[13] = SUBFIELD_ID2;
            o[14] = 4;
            o[15] = 0;
            GzipHeader.putIntLE(o, 16, memberSize);
            if (named) {
                System.arraycopy(name, 0, o, FIXED_HEADER, name.length);
                o[FIXED_HEADER + name.length] = 0;
            }
            crc.reset();
            crc.update(b.input, 0, b.length);
            GzipHeader.putIntLE(o, headerLength + deflated, (int) crc.getValue());
            GzipHeader.putIntLE(o, headerLength + deflated + 4, b.length);
            b.outputLength = memberSize;
        }

        @Override
        public void close() {
            giveBack(job.level(), compressor);
        }
    }
}

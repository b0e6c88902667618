package dev.pigzfx.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The integrity test of a gzip file: what {@code pigz -t} checks, and more; and decompression,
 * which is the same reading with the inflated bytes written out, in order, as they are checked.
 *
 * <p>Every member is read in turn: its header (magic, method, reserved flags, the optional fields,
 * the header CRC when present), its deflate data, inflated in full, and its trailer, whose CRC-32
 * and length must match what was inflated. The file must end exactly after a member: a cut inside
 * any part is {@link Check#TRUNCATED}, anything after the last member that is not a member is
 * {@link Check#TRAILING_GARBAGE}, except zero bytes to the end of the file, which gzip accepts (tape
 * and block devices pad files so). The first failure stops the test and names the check and the
 * byte offset in the compressed file where it was found. Every deflate stream is inflated by zlib
 * (Java's {@link Inflater}), so that the verdict is gzip's own: libdeflate, faster, accepts codes
 * and symbols that zlib and gzip reject, and a file's verdict must not depend on its size or the
 * number of cores.
 *
 * <p>A file that passes yields the CRC-32 and length of all its decompressed bytes, so the caller
 * can prove the file holds exactly the bytes it compressed. The test holds one 64 KiB input buffer
 * and one 64 KiB output buffer whatever the file's size; nothing decompressed is kept, and what
 * is decompressed to a sink is written as soon as it is checked against nothing more than its own
 * member's running CRC: the caller that writes a file keeps it under a temporary name until the
 * whole test has passed.
 */
public final class IntegrityTest {

    /** What was checked, for the message and for a caller that reacts to one kind of damage. */
    public enum Check {
        EMPTY("the file is empty"),
        NOT_GZIP("not a gzip file"),
        UNSUPPORTED_METHOD("unknown compression method"),
        RESERVED_FLAGS("reserved header flags are set"),
        HEADER_CRC("header checksum mismatch"),
        TRUNCATED("the file is truncated"),
        CORRUPT_DATA("the compressed data is corrupt"),
        CRC_MISMATCH("CRC-32 mismatch"),
        LENGTH_MISMATCH("length mismatch"),
        TRAILING_GARBAGE("trailing garbage after the gzip data");

        private final String words;

        Check(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /** A failed check, with the offset in the compressed input where it was found. */
    public static final class Failure extends IOException {
        private final Check check;
        private final long offset;

        Failure(Check check, long offset, String detail) {
            super(check.words() + " at byte " + offset + (detail == null ? "" : " (" + detail + ")"));
            this.check = check;
            this.offset = offset;
        }

        public Check check() {
            return check;
        }

        public long offset() {
            return offset;
        }
    }

    /**
     * A file that passed.
     *
     * @param members          gzip members read
     * @param compressedSize   bytes of gzip read
     * @param uncompressedSize bytes of data they decompress to
     * @param crc32            CRC-32 of all the decompressed data, across members
     * @param header           the first member's stored name (null when none) and modification
     *                         time (0 when none)
     */
    public record Report(int members, long compressedSize, long uncompressedSize, int crc32, GzipHeader header) {
    }

    private static final int BUFFER = 64 * 1024;
    /** Room to inflate into when the data is written: a piece of this size per write. */
    private static final int WRITE_BUFFER = 1 << 20;
    /** What the header's reader takes at a time: most headers are a few dozen bytes. */
    private static final int HEADER_READ = 4096;
    /** The most of a stored name kept: longer than any name a file system takes. */
    private static final int MAX_NAME = 4096;
    /** Smaller files hold a few members at most: starting test threads would cost more than it saves. */
    static final long PARALLEL_FROM = 4L * 1024 * 1024;

    private IntegrityTest() {
    }

    /** Tests a file with every core; see {@link #test(Path, int, Progress, Cancellation)}. */
    public static Report test(Path gz, Progress progress, Cancellation cancel) throws IOException {
        return test(gz, Runtime.getRuntime().availableProcessors(), progress, cancel);
    }

    /**
     * Tests a file. Members that record their size (those of the libdeflate engine) are tested
     * {@code threads} at a time; everything else is read in one pass. Either way every check above
     * is made and every byte is covered.
     */
    public static Report test(Path gz, int threads, Progress progress, Cancellation cancel) throws IOException {
        try (FileChannel channel = FileChannel.open(gz, StandardOpenOption.READ)) {
            return test(channel, threads, progress, cancel);
        }
    }

    /** Tests the file open in {@code channel}, from its start, whatever the channel's position. */
    public static Report test(FileChannel channel, int threads, Progress progress, Cancellation cancel)
            throws IOException {
        return decompress(channel, threads, progress, cancel, null);
    }

    /**
     * Tests a file the libdeflate engine has just written, before its original may go: as
     * {@link #test}, but its members are inflated by libdeflate (where it is installed), about three
     * times as fast as zlib. Only for PigzFX's own output: libdeflate's compressor writes only what
     * zlib accepts, while its decompressor accepts some streams zlib rejects; a member it does not
     * take is inflated by zlib, which says what is wrong.
     */
    public static Report testOwnOutput(FileChannel channel, int threads, Progress progress, Cancellation cancel)
            throws IOException {
        if (Libdeflate.find().isPresent() && channel.size() >= PARALLEL_FROM) {
            return new IndexedMembers(channel, Math.max(1, threads), progress, cancel, null, true).run();
        }
        return test(channel, threads, progress, cancel);
    }

    /**
     * Decompresses the file open in {@code channel} to {@code sink}, testing it as {@link #test}
     * does: the bytes reach the sink in order, members that record their size inflated
     * {@code threads} at a time. When a check fails, what the sink has already taken is the data of
     * the members before the damage and part of the damaged one: the caller discards it.
     *
     * @param sink where the data goes, or null to test only
     */
    public static Report decompress(FileChannel channel, int threads, Progress progress, Cancellation cancel,
                                    OutputStream sink) throws IOException {
        long size = channel.size();
        if (threads > 1 && size >= PARALLEL_FROM) {
            return new IndexedMembers(channel, threads, progress, cancel, sink, false).run();
        }
        channel.position(0);
        Scratch scratch = SCRATCH.get();
        if (sink == null) {
            return new Reader(Channels.newInputStream(channel), progress, cancel, 0, 0, scratch.input, scratch.output)
                    .run(scratch.inflater);
        }
        // data to write goes out in larger pieces: fewer calls to write, each worth its cost
        return new Reader(Channels.newInputStream(channel), progress, cancel, 0, 0, new byte[WRITE_BUFFER / 4],
                new byte[WRITE_BUFFER]).to(sink).run(scratch.inflater);
    }

    /**
     * The first member's header of the file open in {@code channel}: its stored name and time.
     *
     * @throws Failure when the file does not start with a whole gzip header
     */
    public static GzipHeader header(FileChannel channel) throws IOException {
        if (channel.size() == 0) {
            throw new Failure(Check.EMPTY, 0, null);
        }
        // from the start, however long the stored name and comment are; the channel is left where it ends
        channel.position(0);
        Reader parser = new Reader(Channels.newInputStream(channel), Progress.NONE, Cancellation.none(), 0, 0,
                HEADER_READ);
        parser.readHeader(0);
        return parser.first;
    }

    /**
     * Decompresses the gzip data in {@code in} to {@code sink} in one pass (a pipe), testing it as
     * it goes.
     */
    public static Report decompress(InputStream in, Progress progress, Cancellation cancel, OutputStream sink)
            throws IOException {
        return new Reader(in, progress, cancel, 0, 0).to(sink).run();
    }

    /**
     * Each thread's memory for testing files in one pass: the test after every file of a batch of
     * small files would otherwise allocate its buffers and a zlib stream per file.
     */
    private record Scratch(byte[] input, byte[] output, Inflater inflater) {
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(
            () -> new Scratch(new byte[BUFFER], new byte[BUFFER], new Inflater(true)));

    /**
     * Tests the gzip data in {@code in} to its end.
     *
     * @param progress told (compressed bytes read, decompressed bytes) as the test goes
     * @throws Failure when a check fails
     * @throws java.util.concurrent.CancellationException when cancelled
     */
    public static Report test(InputStream in, Progress progress, Cancellation cancel) throws IOException {
        return new Reader(in, progress, cancel, 0, 0).run();
    }

    /** The state of one pass over a gzip stream. */
    private static final class Reader {
        private final InputStream in;
        private final Progress progress;
        private final Cancellation cancel;
        private final byte[] buf;
        /** Room to inflate into, made on first use: a reader that only parses a header needs none. */
        private byte[] out;
        private int pos;
        private int limit;
        /** Offset in the stream of {@code buf[0]}. */
        private long base;
        private boolean eof;
        private final CRC32 headerCrc = new CRC32();
        private final CRC32 memberCrc = new CRC32();
        /** The CRC-32 of all the members so far, joined from theirs: each byte is summed once. */
        private int totalCrc;
        private long total;
        private long memberLength;
        /** Where the data goes, or null. */
        private OutputStream sink;
        /** The first member's header, once read. */
        private GzipHeader first = GzipHeader.NONE;

        private final int priorMembers;

        /**
         * @param base         offset in the file of the first byte {@code in} gives
         * @param priorMembers members already tested before {@code base}
         */
        Reader(InputStream in, Progress progress, Cancellation cancel, long base, int priorMembers) {
            this(in, progress, cancel, base, priorMembers, BUFFER);
        }

        /** A reader of a header already in memory: {@code bufferSize} bytes of input at a time. */
        Reader(InputStream in, Progress progress, Cancellation cancel, long base, int priorMembers, int bufferSize) {
            this(in, progress, cancel, base, priorMembers, new byte[Math.max(1, bufferSize)], null);
        }

        /** A reader with its buffers given: {@code out}, the room to inflate into, may be null. */
        Reader(InputStream in, Progress progress, Cancellation cancel, long base, int priorMembers, byte[] buf,
               byte[] out) {
            this.buf = buf;
            this.out = out;
            this.in = in;
            this.progress = progress;
            this.cancel = cancel;
            this.base = base;
            this.priorMembers = priorMembers;
        }

        /** Writes the data to {@code to} (null: nowhere) as it is inflated. */
        Reader to(OutputStream to) {
            sink = to;
            return this;
        }

        /** Tests to the end; the report counts only what this reader read, from {@code base} on. */
        Report run() throws IOException {
            Inflater inflater = new Inflater(true);
            try {
                return run(inflater);
            } finally {
                inflater.end();
            }
        }

        /** The same with a raw-deflate {@code inflater} of the caller's, reset before each member. */
        Report run(Inflater inflater) throws IOException {
            long start = base;
            int members = 0;
            while (true) {
                if (!fill()) {
                    if (members + priorMembers == 0) {
                        throw new Failure(Check.EMPTY, 0, null);
                    }
                    break;
                }
                if (members + priorMembers > 0 && buf[pos] == 0) {
                    skipZeroPadding();
                    break;
                }
                readMember(inflater, members + priorMembers);
                members++;
            }
            return new Report(members, offset() - start, total, totalCrc, first);
        }

        /**
         * Zero bytes after the last member, as tape and block devices pad a file, to the end of the
         * file: accepted, as gzip accepts them. Anything else among them is trailing garbage.
         */
        private void skipZeroPadding() throws IOException {
            long paddingAt = offset();
            while (fill()) {
                for (; pos < limit; pos++) {
                    if (buf[pos] != 0) {
                        throw new Failure(Check.TRAILING_GARBAGE, paddingAt, "after " + (offset() - paddingAt)
                                + " zero bytes");
                    }
                }
            }
        }

        private long offset() {
            return base + pos;
        }

        /** Makes at least one byte available; false at the end of the stream. */
        private boolean fill() throws IOException {
            if (pos < limit) {
                return true;
            }
            if (eof) {
                return false;
            }
            cancel.throwIfCancelled();
            base += limit;
            pos = 0;
            limit = 0;
            int n = in.read(buf, 0, buf.length);
            if (n <= 0) {
                eof = true;
                return false;
            }
            limit = n;
            return true;
        }

        private int headerByte(String where) throws IOException {
            if (!fill()) {
                throw new Failure(Check.TRUNCATED, offset(), "inside the " + where);
            }
            int b = buf[pos++] & 0xff;
            headerCrc.update(b);
            return b;
        }

        /**
         * Reads and checks one member header; returns the extra field's bytes, or null when there is
         * none.
         */
        byte[] readHeader(int index) throws IOException {
            long start = offset();
            headerCrc.reset();
            int id1 = headerByte("header");
            int id2 = pos < limit || fill() ? buf[pos] & 0xff : -1;
            if (id1 != GzipHeader.ID1 || (id2 >= 0 && id2 != GzipHeader.ID2)) {
                throw new Failure(index > 0 ? Check.TRAILING_GARBAGE : Check.NOT_GZIP, start, null);
            }
            headerByte("header");
            int method = headerByte("header");
            if (method != GzipHeader.CM_DEFLATE) {
                throw new Failure(Check.UNSUPPORTED_METHOD, offset() - 1, "method " + method);
            }
            int flags = headerByte("header");
            if ((flags & GzipHeader.FRESERVED) != 0) {
                throw new Failure(Check.RESERVED_FLAGS, offset() - 1, null);
            }
            long mtime = 0;
            for (int i = 0; i < 4; i++) {
                mtime |= (long) headerByte("header") << (8 * i);
            }
            headerByte("header");
            headerByte("header");
            byte[] extra = null;
            if ((flags & GzipHeader.FEXTRA) != 0) {
                int xlen = headerByte("extra field") | headerByte("extra field") << 8;
                extra = new byte[xlen];
                for (int i = 0; i < xlen; i++) {
                    extra[i] = (byte) headerByte("extra field");
                }
            }
            java.io.ByteArrayOutputStream name = (flags & GzipHeader.FNAME) != 0 && index == 0
                    ? new java.io.ByteArrayOutputStream() : null;
            if ((flags & GzipHeader.FNAME) != 0) {
                for (int b; (b = headerByte("file name")) != 0; ) {
                    if (name != null && name.size() < MAX_NAME) {
                        name.write(b);
                    }
                }
            }
            if (index == 0) {
                first = new GzipHeader(name == null ? null : GzipHeader.decodeName(name.toByteArray()), mtime);
            }
            if ((flags & GzipHeader.FCOMMENT) != 0) {
                while (headerByte("comment") != 0) {
                    // skip the comment
                }
            }
            if ((flags & GzipHeader.FHCRC) != 0) {
                int expected = (int) headerCrc.getValue() & 0xffff;
                long at = offset();
                int stored = headerByte("header checksum") | headerByte("header checksum") << 8;
                if (stored != expected) {
                    throw new Failure(Check.HEADER_CRC, at, null);
                }
            }
            return extra;
        }

        private void readMember(Inflater inflater, int index) throws IOException {
            readHeader(index);
            inflateMember(inflater, index);
            long trailerAt = offset();
            int crc = trailerInt();
            int length = trailerInt();
            if (crc != (int) memberCrc.getValue()) {
                throw new Failure(Check.CRC_MISMATCH, trailerAt, String.format(
                        "member %d: stored %08x, data has %08x", index + 1, crc, (int) memberCrc.getValue()));
            }
            long actual = memberLength;
            if (length != (int) actual) {
                throw new Failure(Check.LENGTH_MISMATCH, trailerAt + 4, String.format(
                        "member %d: stored %d, data has %d", index + 1, Integer.toUnsignedLong(length),
                        actual & 0xffff_ffffL));
            }
            totalCrc = Crc32Combine.combine(totalCrc, crc, actual);
        }

        private void inflateMember(Inflater inflater, int index) throws IOException {
            if (out == null) {
                out = new byte[Math.max(BUFFER / 4, buf.length)];
            }
            inflater.reset();
            memberCrc.reset();
            memberLength = 0;
            while (true) {
                if (inflater.needsInput()) {
                    if (!fill()) {
                        throw new Failure(Check.TRUNCATED, offset(), "inside the compressed data of member "
                                + (index + 1));
                    }
                    inflater.setInput(buf, pos, limit - pos);
                }
                int n;
                try {
                    n = inflater.inflate(out);
                } catch (DataFormatException e) {
                    pos = limit - inflater.getRemaining();
                    throw new Failure(Check.CORRUPT_DATA, offset(), e.getMessage());
                }
                pos = limit - inflater.getRemaining();
                if (n > 0) {
                    if (sink != null) {
                        sink.write(out, 0, n);
                    }
                    memberCrc.update(out, 0, n);
                    memberLength += n;
                    total += n;
                    progress.update(offset(), total);
                }
                if (inflater.finished()) {
                    return;
                }
                if (n == 0 && inflater.needsDictionary()) {
                    throw new Failure(Check.CORRUPT_DATA, offset(), "asks for a preset dictionary");
                }
            }
        }

        private int trailerInt() throws IOException {
            int v = 0;
            for (int i = 0; i < 4; i++) {
                if (!fill()) {
                    throw new Failure(Check.TRUNCATED, offset(), "inside the trailer");
                }
                v |= (buf[pos++] & 0xff) << (8 * i);
            }
            return v;
        }
    }

    /**
     * Tests the members that record their size (PigzFX's subfield {@code PF}, see
     * {@link LibdeflateEngine}, BGZF's {@code BC}, from bgzip and htslib, and mgzip's {@code MZ})
     * several at a time. The calling thread walks the headers, which say where each member ends, and
     * hands each whole member to a {@code pigzfx-test-N} thread, which inflates it with zlib and
     * checks that the deflate data ends exactly at the trailer and matches its CRC-32 and length.
     * Results are taken in file order, so the first damage in the file is the one reported, their
     * CRCs are joined with {@link Crc32Combine}, and when decompressing, their data is written to
     * the sink in that order by the calling thread. Where the walk meets anything else (another
     * kind of member, garbage, a member running past the end) or a member fails, the one-pass
     * {@link Reader} takes over from that member, so the verdict, the check and the offset are
     * always the one-pass test's: the recorded sizes only speed the test up, they are never trusted
     * to decide it. At most 2 x threads members, and what they inflate to, are in memory.
     */
    static final class IndexedMembers {
        /**
         * Members bigger than this, or that decompress to more than the largest block an engine
         * writes, are left to the one-pass reader, which needs no room for them.
         */
        private static final int MAX_MEMBER = 64 * 1024 * 1024 + 64 * 1024;
        private static final int HEADER_PEEK = 1024;
        /**
         * What the test threads may hold between them, members read and what they inflate to: a
         * quarter of the heap, within bounds. A member too big for its thread's share is left to the
         * one-pass reader, so that a file whose members each inflate to the most a member may
         * (64 MiB) costs no more memory on 32 cores than on 2.
         */
        private static final long MEMORY = Math.clamp(Runtime.getRuntime().maxMemory() / 4, 16L << 20, 1L << 30);

        private final FileChannel channel;
        private final int threads;
        /** The most a member, and the most what it inflates to, may take on one thread. */
        private final long limit;
        private final Progress progress;
        private final Cancellation cancel;
        /** Where the data goes, or null. */
        private final OutputStream sink;
        /** Whether the members are PigzFX's own, just written, which libdeflate may inflate. */
        private final boolean ownOutput;
        /**
         * Room for inflated data that was written and can be inflated into again: a member's data
         * goes to the writing thread in the array it was inflated into, and comes back here.
         */
        private final Queue<byte[]> spare = new ConcurrentLinkedQueue<>();

        /**
         * One member's result: where it started, its data's CRC and length, its compressed size,
         * and its data when it is to be written (else null).
         */
        private record Checked(long offset, int crc, long length, long size, byte[] data) {
        }

        IndexedMembers(FileChannel channel, int threads, Progress progress, Cancellation cancel, OutputStream sink,
                       boolean ownOutput) {
            this.ownOutput = ownOutput;
            this.channel = channel;
            this.threads = threads;
            // a member waiting its turn to be written holds its data too
            this.limit = Math.min(MAX_MEMBER, MEMORY / threads / (sink == null ? 2 : 4));
            this.progress = progress;
            this.cancel = cancel;
            this.sink = sink;
        }

        Report run() throws IOException {
            long size = channel.size();
            AtomicInteger names = new AtomicInteger();
            ExecutorService workers = Executors.newFixedThreadPool(threads,
                    r -> Thread.ofPlatform().name("pigzfx-test-" + names.getAndIncrement()).daemon().unstarted(r));
            Queue<Buffers> made = new ConcurrentLinkedQueue<>();
            ThreadLocal<Buffers> buffers = ThreadLocal.withInitial(() -> {
                Buffers b = new Buffers(ownOutput);
                made.add(b);
                return b;
            });
            ArrayDeque<Pending> pending = new ArrayDeque<>();
            Tally passed = new Tally();
            try {
                long walked = 0;
                boolean failed = false;
                while (walked < size && !failed) {
                    cancel.throwIfCancelled();
                    long memberSize = indexedMemberSize(walked, size);
                    if (memberSize < 0) {
                        break;
                    }
                    long memberAt = walked;
                    pending.add(new Pending(memberAt,
                            workers.submit(() -> check(buffers.get(), memberAt, (int) memberSize))));
                    walked += memberSize;
                    if (pending.size() >= 2 * threads) {
                        failed = !passed.add(pending.poll().result());
                    }
                }
                while (!failed && !pending.isEmpty()) {
                    failed = !passed.add(pending.poll().result());
                }
            } finally {
                // no interrupts: a thread interrupted in a read would close the shared channel
                pending.forEach(p -> p.future().cancel(false));
                workers.shutdown();
                awaitQuietly(workers);
                made.forEach(Buffers::end);
            }
            if (passed.end == size && passed.members > 0) {
                return new Report(passed.members, size, passed.length, passed.crc, firstHeader());
            }
            // the one-pass reader decides the rest, from the end of the last member that passed
            channel.position(passed.end);
            long before = passed.length;
            Progress shifted = (read, written) -> progress.update(read, before + written);
            Report rest = (sink == null
                    ? new Reader(Channels.newInputStream(channel), shifted, cancel, passed.end, passed.members)
                    : new Reader(Channels.newInputStream(channel), shifted, cancel, passed.end, passed.members,
                            new byte[WRITE_BUFFER / 4], new byte[WRITE_BUFFER])).to(sink).run();
            return new Report(passed.members + rest.members(), size, passed.length + rest.uncompressedSize(),
                    Crc32Combine.combine(passed.crc, rest.crc32(), rest.uncompressedSize()),
                    passed.members == 0 ? rest.header() : firstHeader());
        }

        /** The first member's name and time, read again from its header (which passed). */
        private GzipHeader firstHeader() throws IOException {
            byte[] head = new byte[(int) Math.min(HEADER_PEEK + MAX_NAME, channel.size())];
            readFully(head, head.length, 0);
            Reader parser = new Reader(new java.io.ByteArrayInputStream(head), Progress.NONE, cancel, 0, 0,
                    head.length);
            parser.readHeader(0);
            return parser.first;
        }

        /** The members that passed, in file order, without a gap. */
        private final class Tally {
            int members;
            int crc;
            long length;
            /** Where the last member that passed ends. */
            long end;

            /** Counts a member's result and writes its data; false when it failed (null). */
            boolean add(Checked c) throws IOException {
                if (c == null) {
                    return false;
                }
                if (sink != null) {
                    sink.write(c.data(), 0, (int) c.length());
                    spare.offer(c.data());
                }
                crc = Crc32Combine.combine(crc, c.crc(), c.length());
                length += c.length();
                members++;
                end = c.offset() + c.size();
                progress.update(end, length);
                return true;
            }
        }

        /**
         * The size recorded by the member starting at {@code at}, or -1 when it is not an indexed
         * member that lies wholly in the file: then the one-pass reader decides what it is.
         */
        private long indexedMemberSize(long at, long fileSize) throws IOException {
            byte[] head = new byte[(int) Math.min(HEADER_PEEK, fileSize - at)];
            readFully(head, head.length, at);
            Reader parser = new Reader(new java.io.ByteArrayInputStream(head), Progress.NONE, cancel, at, 1,
                    head.length);
            byte[] extra;
            try {
                extra = parser.readHeader(1);
            } catch (Failure notIndexed) {
                return -1;
            }
            long headerLength = parser.offset() - at;
            long recorded = recordedSize(extra, headerLength);
            if (recorded < headerLength + 8 || recorded > limit || at + recorded > fileSize) {
                return -1;
            }
            byte[] storedLength = new byte[4];
            readFully(storedLength, 4, at + recorded - 4);
            long inflated = Integer.toUnsignedLong(intAt(storedLength, 0));
            if (inflated > GzipJob.MAX_BLOCK_SIZE || inflated > limit) {
                return -1;
            }
            return recorded;
        }

        /**
         * The member's whole size as its extra field records it, or -1: PigzFX's own subfield
         * {@code PF} (4 bytes, the size), BGZF's {@code BC} (bgzip, htslib: 2 bytes, the size less
         * one), or mgzip's {@code MZ} (older versions {@code IG}: 4 bytes, the deflate data's size,
         * to which the header and the trailer are added).
         *
         * @param headerLength the member's header's length, with the extra field and the name
         */
        static long recordedSize(byte[] extra, long headerLength) {
            if (extra == null) {
                return -1;
            }
            for (int i = 0; i + 4 <= extra.length; ) {
                int len = (extra[i + 2] & 0xff) | (extra[i + 3] & 0xff) << 8;
                if (i + 4 + len > extra.length) {
                    return -1;
                }
                if (extra[i] == LibdeflateEngine.SUBFIELD_ID1 && extra[i + 1] == LibdeflateEngine.SUBFIELD_ID2
                        && len == 4) {
                    return Integer.toUnsignedLong((extra[i + 4] & 0xff) | (extra[i + 5] & 0xff) << 8
                            | (extra[i + 6] & 0xff) << 16 | (extra[i + 7] & 0xff) << 24);
                }
                if (extra[i] == 'B' && extra[i + 1] == 'C' && len == 2) {
                    return ((extra[i + 4] & 0xff) | (extra[i + 5] & 0xff) << 8) + 1L;
                }
                if ((extra[i] == 'M' && extra[i + 1] == 'Z' || extra[i] == 'I' && extra[i + 1] == 'G') && len == 4) {
                    return headerLength + Integer.toUnsignedLong((extra[i + 4] & 0xff) | (extra[i + 5] & 0xff) << 8
                            | (extra[i + 6] & 0xff) << 16 | (extra[i + 7] & 0xff) << 24) + 8;
                }
                i += 4 + len;
            }
            return -1;
        }

        /**
         * Inflates and checks one whole member, with libdeflate when it is PigzFX's own output and
         * else with zlib; runs on a test thread.
         */
        private Checked check(Buffers b, long at, int memberSize) throws IOException {
            cancel.throwIfCancelled();
            byte[] member = b.member(memberSize);
            readFully(member, memberSize, at);
            Reader parser = new Reader(new java.io.ByteArrayInputStream(member, 0, memberSize), Progress.NONE,
                    cancel, at, 1, HEADER_PEEK);
            parser.readHeader(1);
            int headerLength = (int) (parser.offset() - at);
            int dataLength = memberSize - headerLength - 8;
            int storedCrc = intAt(member, memberSize - 8);
            long storedLength = Integer.toUnsignedLong(intAt(member, memberSize - 4));
            // one byte more than the trailer says, to see data that is longer
            byte[] out = b.output((int) storedLength + 1);
            boolean inflatedFast = b.fast != null
                    && b.fast.inflateExactly(member, headerLength, dataLength, out, (int) storedLength);
            int made = inflatedFast ? (int) storedLength
                    : inflateWithZlib(b.inflater, member, at, headerLength, dataLength, out, storedLength);
            CRC32 crc = b.crc;
            crc.reset();
            crc.update(out, 0, made);
            if ((int) crc.getValue() != storedCrc) {
                throw new Failure(Check.CRC_MISMATCH, at + memberSize - 8, String.format(
                        "stored %08x, data has %08x", storedCrc, (int) crc.getValue()));
            }
            if (made != storedLength) {
                throw new Failure(Check.LENGTH_MISMATCH, at + memberSize - 4, String.format(
                        "stored %d, data has %d", storedLength, made));
            }
            if (sink == null) {
                return new Checked(at, storedCrc, made, memberSize, null);
            }
            b.handOver(spare.poll()); // the data leaves in its array, to be written; this thread takes another
            return new Checked(at, storedCrc, made, memberSize, out);
        }

        /**
         * Inflates the member's data at {@code member[headerLength, headerLength + dataLength)} with
         * zlib, which says what is wrong with it; returns the bytes made.
         */
        private static int inflateWithZlib(Inflater inflater, byte[] member, long at, int headerLength,
                                           int dataLength, byte[] out, long storedLength) throws Failure {
            inflater.reset();
            inflater.setInput(member, headerLength, dataLength);
            int made = 0;
            try {
                while (!inflater.finished()) {
                    int n = inflater.inflate(out, made, out.length - made);
                    made += n;
                    if (made > storedLength) {
                        throw new Failure(Check.LENGTH_MISMATCH, at + headerLength + dataLength + 4,
                                "the data is longer than the stored " + storedLength + " bytes");
                    }
                    if (n == 0 && !inflater.finished() && (inflater.needsInput() || inflater.needsDictionary())) {
                        throw new Failure(Check.CORRUPT_DATA, at + headerLength, "the deflate data does not end"
                                + " before the trailer");
                    }
                }
            } catch (DataFormatException e) {
                throw new Failure(Check.CORRUPT_DATA, at + headerLength, e.getMessage());
            }
            if (inflater.getRemaining() != 0) {
                throw new Failure(Check.CORRUPT_DATA, at + headerLength + dataLength - inflater.getRemaining(),
                        "the deflate data ends before the trailer");
            }
            return made;
        }

        private void readFully(byte[] into, int length, long position) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(into, 0, length);
            while (buf.hasRemaining()) {
                if (channel.read(buf, position + buf.position()) < 0) {
                    throw new Failure(Check.TRUNCATED, position + buf.position(), null);
                }
            }
        }

        private static int intAt(byte[] b, int i) {
            return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
        }

        /** A member handed to a test thread. */
        private record Pending(long offset, Future<Checked> future) {
            /** The member's result, or null when it failed: the one-pass reader will say how. */
            Checked result() throws IOException {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancellationException("interrupted");
                } catch (ExecutionException e) {
                    switch (e.getCause()) {
                        case Failure f -> {
                            return null;
                        }
                        case IOException io -> throw io;
                        case RuntimeException re -> throw re;
                        case Error err -> throw err;
                        default -> throw new IOException(e.getCause());
                    }
                }
            }
        }

        private static void awaitQuietly(ExecutorService workers) {
            boolean interrupted = false;
            while (true) {
                try {
                    if (workers.awaitTermination(1, TimeUnit.MINUTES)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * A test thread's reusable memory: the member read from the file, the room it inflates into,
     * and its zlib stream, ended once the test threads have ended.
     */
    private static final class Buffers {
        final Inflater inflater = new Inflater(true);
        final CRC32 crc = new CRC32();
        /** libdeflate's decompressor, for PigzFX's own output where the library is installed; else null. */
        final Libdeflate.Decompressor fast;
        private byte[] member = new byte[0];
        private byte[] output = new byte[0];

        Buffers(boolean ownOutput) {
            fast = ownOutput ? Libdeflate.find().map(lib -> lib.new Decompressor()).orElse(null) : null;
        }

        void end() {
            inflater.end();
            if (fast != null) {
                fast.close();
            }
        }

        byte[] member(int size) {
            if (member.length < size) {
                member = new byte[size];
            }
            return member;
        }

        byte[] output(int size) {
            if (output.length < size) {
                output = new byte[Math.max(size, 1)];
            }
            return output;
        }

        /** The output array went with its data: inflate into {@code next} (null: a new one) from now on. */
        void handOver(byte[] next) {
            output = next == null ? new byte[0] : next;
        }
    }
}

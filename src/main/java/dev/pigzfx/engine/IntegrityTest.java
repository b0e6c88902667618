package dev.pigzfx.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The integrity test of a gzip file: what {@code pigz -t} checks, and more.
 *
 * <p>Every member is read in turn: its header (magic, method, reserved flags, the optional fields,
 * the header CRC when present), its deflate data, inflated in full, and its trailer, whose CRC-32
 * and length must match what was inflated. The file must end exactly after a member: a cut inside
 * any part is {@link Check#TRUNCATED}, anything after the last member that is not a member is
 * {@link Check#TRAILING_GARBAGE}. The first failure stops the test and names the check and the
 * byte offset in the compressed file where it was found.
 *
 * <p>A file that passes yields the CRC-32 and length of all its decompressed bytes, so the caller
 * can prove the file holds exactly the bytes it compressed. The test holds one 64 KiB input buffer
 * and one 64 KiB output buffer whatever the file's size; nothing decompressed is kept.
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
     */
    public record Report(int members, long compressedSize, long uncompressedSize, int crc32) {
    }

    private static final int BUFFER = 64 * 1024;

    private IntegrityTest() {
    }

    public static Report test(Path gz, Progress progress, Cancellation cancel) throws IOException {
        try (InputStream in = Files.newInputStream(gz)) {
            return test(in, progress, cancel);
        }
    }

    /**
     * Tests the gzip data in {@code in} to its end.
     *
     * @param progress told (compressed bytes read, decompressed bytes) as the test goes
     * @throws Failure when a check fails
     * @throws java.util.concurrent.CancellationException when cancelled
     */
    public static Report test(InputStream in, Progress progress, Cancellation cancel) throws IOException {
        return new Reader(in, progress, cancel).run();
    }

    /** The state of one pass over a gzip stream. */
    private static final class Reader {
        private final InputStream in;
        private final Progress progress;
        private final Cancellation cancel;
        private final byte[] buf = new byte[BUFFER];
        private final byte[] out = new byte[BUFFER];
        private int pos;
        private int limit;
        /** Offset in the stream of {@code buf[0]}. */
        private long base;
        private boolean eof;
        private final CRC32 headerCrc = new CRC32();
        private final CRC32 memberCrc = new CRC32();
        private final CRC32 totalCrc = new CRC32();
        private long total;
        private long memberLength;

        Reader(InputStream in, Progress progress, Cancellation cancel) {
            this.in = in;
            this.progress = progress;
            this.cancel = cancel;
        }

        Report run() throws IOException {
            Inflater inflater = new Inflater(true);
            try {
                int members = 0;
                while (true) {
                    if (!fill()) {
                        if (members == 0) {
                            throw new Failure(Check.EMPTY, 0, null);
                        }
                        break;
                    }
                    readMember(inflater, members);
                    members++;
                }
                return new Report(members, offset(), total, (int) totalCrc.getValue());
            } finally {
                inflater.end();
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

        private void readMember(Inflater inflater, int index) throws IOException {
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
            for (int i = 0; i < 6; i++) {
                headerByte("header");
            }
            if ((flags & GzipHeader.FEXTRA) != 0) {
                int xlen = headerByte("extra field") | headerByte("extra field") << 8;
                for (int i = 0; i < xlen; i++) {
                    headerByte("extra field");
                }
            }
            if ((flags & GzipHeader.FNAME) != 0) {
                while (headerByte("file name") != 0) {
                    // skip the stored name
                }
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
        }

        private void inflateMember(Inflater inflater, int index) throws IOException {
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
                    memberCrc.update(out, 0, n);
                    totalCrc.update(out, 0, n);
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
}

package dev.pigzfx.engine;

import dev.pigzfx.engine.IntegrityTest.Check;
import dev.pigzfx.testing.Samples;
import dev.pigzfx.testing.Threads;
import dev.pigzfx.testing.Tools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The integrity test of files whose members record their size, tested several members at a time:
 * it must catch exactly what the one-pass test catches, at the same offsets.
 */
class IndexedIntegrityTest {

    /** Text and random data: large enough compressed to take the parallel path. */
    private static final byte[] INPUT = concat(Samples.text(5 * 1024 * 1024, 21), Samples.random(4 * 1024 * 1024 + 4321, 22));
    private static byte[] good;

    @TempDir
    Path dir;

    @BeforeAll
    static void compressOnce() throws IOException {
        good = LibdeflateEngineTest.compress(INPUT, GzipJob.of(6, 2).withHeader(new GzipHeader("input.txt", 0)));
        assertThat((long) good.length).as("takes the parallel path").isGreaterThanOrEqualTo(IntegrityTest.PARALLEL_FROM);
    }

    @AfterEach
    void noTestThreadIsLeftRunning() {
        assertThat(Threads.engineThreadsAlive()).isEmpty();
    }

    @Test
    void aGoodFilePassesWithTheCrcAndLengthOfAllItsData() throws IOException {
        IntegrityTest.Report r = test(good);

        assertThat(r.members()).isEqualTo(10);
        assertThat(r.uncompressedSize()).isEqualTo(INPUT.length);
        assertThat(r.compressedSize()).isEqualTo(good.length);
        assertThat(r.crc32()).isEqualTo(crc(INPUT));
    }

    @Test
    void aPlainGzipMemberAfterTheIndexedOnesIsReadToo() throws IOException {
        byte[] tail = Samples.text(100_000, 3);
        byte[] both = concat(good, Tools.run(List.of("gzip", "-c"), tail).stdout());

        IntegrityTest.Report r = test(both);

        assertThat(r.members()).isEqualTo(11);
        assertThat(r.crc32()).isEqualTo(crc(concat(INPUT, tail)));
        assertThat(r.uncompressedSize()).isEqualTo(INPUT.length + tail.length);
    }

    @Test
    void truncationAnywhereIsCaughtAtTheEndOfTheFile() {
        for (int cut = good.length - 1; cut > 0; cut -= good.length / 37) {
            IntegrityTest.Failure f = failure(Arrays.copyOf(good, cut));
            assertThat(f.check()).as("cut at %d", cut).isEqualTo(Check.TRUNCATED);
            assertThat(f.offset()).as("cut at %d", cut).isEqualTo(cut);
        }
    }

    @Test
    void damageInAMiddleMemberIsNamedInThatMember() {
        int[] starts = memberStarts(good);
        int third = starts[2];
        byte[] bad = good.clone();
        bad[third + 5000] ^= 0x08;

        IntegrityTest.Failure f = failure(bad);

        assertThat(f.check()).isIn(Check.CORRUPT_DATA, Check.CRC_MISMATCH, Check.LENGTH_MISMATCH);
        assertThat(f.offset()).isBetween((long) third, (long) starts[3]);
    }

    @Test
    void aDamagedTrailerIsNamed() {
        int[] starts = memberStarts(good);
        byte[] crc = good.clone();
        crc[starts[4] - 8] ^= 1;
        byte[] length = good.clone();
        length[starts[4] - 2] ^= 1;

        assertThat(failure(crc).check()).isEqualTo(Check.CRC_MISMATCH);
        assertThat(failure(crc).offset()).isEqualTo(starts[4] - 8);
        assertThat(failure(length).check()).isIn(Check.LENGTH_MISMATCH, Check.CORRUPT_DATA);
    }

    @Test
    void aDamagedRecordedSizeNeverChangesTheVerdict() throws IOException {
        int[] starts = memberStarts(good);
        for (int delta : new int[] {1, -1, 1000, -1000, 1 << 20, -(1 << 24)}) {
            byte[] bad = good.clone();
            ByteBuffer b = ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(starts[1] + 16, b.getInt(starts[1] + 16) + delta);
            bad[starts[5] + 3000] ^= 0x10;

            assertThat(verdict(bad, 2)).as("size changed by %d", delta).isEqualTo(verdict(bad, 1));
        }
    }

    @Test
    void aDamagedRecordedSizeAloneLeavesAValidFile() throws IOException {
        int[] starts = memberStarts(good);
        byte[] odd = good.clone();
        ByteBuffer.wrap(odd).order(ByteOrder.LITTLE_ENDIAN).putInt(starts[3] + 16, 12345);

        assertThat(test(odd)).isEqualTo(test(good));
    }

    /** What the test says of a file with a given number of threads: its report, or its failure. */
    private String verdict(byte[] gz, int threads) throws IOException {
        Path file = Files.write(dir.resolve("v.gz"), gz);
        try {
            return IntegrityTest.test(file, threads, Progress.NONE, Cancellation.none()).toString();
        } catch (IntegrityTest.Failure f) {
            return f.check() + " at " + f.offset();
        }
    }

    @Test
    void trailingGarbageIsCaughtWhereItStarts() {
        IntegrityTest.Failure f = failure(concat(good, "garbage".getBytes()));

        assertThat(f.check()).isEqualTo(Check.TRAILING_GARBAGE);
        assertThat(f.offset()).isEqualTo(good.length);
    }

    @Test
    void theParallelAndOnePassTestsAgree() throws IOException {
        IntegrityTest.Report parallel = test(good);
        IntegrityTest.Report onePass = IntegrityTest.test(Files.write(dir.resolve("one.gz"), good), 1,
                Progress.NONE, Cancellation.none());

        assertThat(parallel).isEqualTo(onePass);
    }

    @Test
    void membersThatEachInflateToTheMostAMemberMayTakeBoundedMemoryOnManyCores() throws IOException {
        // eight members of 64 MiB of zeros (64 KiB each on disk), then enough data to take the
        // parallel path: 32 test threads holding 64 MiB each would need 2 GiB; the tests have 512 MiB
        byte[] zeros = memberOfZeros(GzipJob.MAX_BLOCK_SIZE);
        byte[] crafted = concat(zeros, zeros, zeros, zeros, zeros, zeros, zeros, zeros, good);
        Path file = Files.write(dir.resolve("crafted.gz"), crafted);

        IntegrityTest.Report onManyCores = IntegrityTest.test(file, 32, Progress.NONE, Cancellation.none());

        assertThat(onManyCores.members()).isEqualTo(8 + 10);
        assertThat(onManyCores.uncompressedSize()).isEqualTo(8L * GzipJob.MAX_BLOCK_SIZE + INPUT.length);
        assertThat(onManyCores).isEqualTo(IntegrityTest.test(file, 1, Progress.NONE, Cancellation.none()));
    }

    @Test
    void pigzfxsOwnOutputCheckedWithLibdeflateGetsTheVerdictOfTheTestOnOneCoreAndOnMany() throws IOException {
        Path file = Files.write(dir.resolve("own.gz"), good);
        int[] starts = memberStarts(good);
        byte[] damaged = good.clone();
        damaged[starts[6] + 500] ^= 0x10;
        Path bad = Files.write(dir.resolve("damaged.gz"), damaged);

        for (int threads : new int[] {1, 2}) {
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file);
                 java.nio.channels.FileChannel broken = java.nio.channels.FileChannel.open(bad)) {
                assertThat(IntegrityTest.testOwnOutput(channel, threads, Progress.NONE, Cancellation.none()))
                        .isEqualTo(test(good));
                IntegrityTest.Failure f = catchThrowableOfType(IntegrityTest.Failure.class,
                        () -> IntegrityTest.testOwnOutput(broken, threads, Progress.NONE, Cancellation.none()));
                IntegrityTest.Failure byZlib = failure(damaged);
                assertThat(f).as("%d threads", threads).isNotNull();
                assertThat(f.check()).isEqualTo(byZlib.check());
                assertThat(f.offset()).isEqualTo(byZlib.offset());
            }
        }
    }

    @Test
    void decompressingWritesEveryMembersDataInOrderAndReadsTheFirstHeader() throws IOException {
        Path file = Files.write(dir.resolve("input.txt.gz"), good);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        IntegrityTest.Report r;
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
            r = IntegrityTest.decompress(channel, 2, Progress.NONE, Cancellation.none(), out);
        }

        assertThat(out.toByteArray()).isEqualTo(INPUT);
        assertThat(r.crc32()).isEqualTo(crc(INPUT));
        assertThat(r.header()).isEqualTo(new GzipHeader("input.txt", 0));
    }

    @Test
    void decompressingAFileDamagedInItsMiddleStopsThereAfterWritingOnlyWhatCameBefore() throws IOException {
        int[] starts = memberStarts(good);
        byte[] damaged = good.clone();
        damaged[starts[4] + 100] ^= 0x55;
        Path file = Files.write(dir.resolve("damaged.gz"), damaged);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
            IntegrityTest.Failure f = catchThrowableOfType(IntegrityTest.Failure.class,
                    () -> IntegrityTest.decompress(channel, 2, Progress.NONE, Cancellation.none(), out));
            assertThat(f).isNotNull();
        }

        byte[] written = out.toByteArray();
        assertThat(written.length).isGreaterThanOrEqualTo(4 * GzipJob.DEFAULT_BLOCK_SIZE);
        assertThat(written).isEqualTo(Arrays.copyOf(INPUT, written.length));
    }

    @Test
    void bgzipsBlocksAreReadOnEveryCoreAndDamageAmongThemIsCaughtWhereItIs() throws IOException {
        Tools.needBgzip();
        Path data = Files.write(dir.resolve("reads.sam"), INPUT);
        assertThat(Tools.run(List.of("bgzip", "-f", data.toString()), new byte[0]).status()).isZero();
        byte[] bgzf = Files.readAllBytes(dir.resolve("reads.sam.gz"));
        assertThat((long) bgzf.length).as("takes the parallel path").isGreaterThanOrEqualTo(IntegrityTest.PARALLEL_FROM);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        IntegrityTest.Report r;
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(dir.resolve("reads.sam.gz"))) {
            r = IntegrityTest.decompress(channel, 2, Progress.NONE, Cancellation.none(), out);
        }
        byte[] damaged = bgzf.clone();
        damaged[bgzf.length / 2] ^= 0x01;

        assertThat(out.toByteArray()).isEqualTo(INPUT);
        assertThat(r.members()).isGreaterThan(100);
        assertThat(r).isEqualTo(IntegrityTest.test(dir.resolve("reads.sam.gz"), 1, Progress.NONE, Cancellation.none()));
        assertThat(failure(damaged).offset()).isEqualTo(catchThrowableOfType(IntegrityTest.Failure.class,
                () -> IntegrityTest.test(new java.io.ByteArrayInputStream(damaged), Progress.NONE,
                        Cancellation.none())).offset());
    }

    @Test
    void mgzipsMembersAreReadOnEveryCoreAsItsFieldSays() throws IOException {
        // mgzip's layout: each member names the file after its extra field, which records the size of
        // the member's deflate data under the subfield MZ
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        int block = 1 << 20;
        for (int from = 0; from < INPUT.length; from += block) {
            byte[] part = Arrays.copyOfRange(INPUT, from, Math.min(INPUT.length, from + block));
            byte[] deflate = rawDeflate(part);
            ByteBuffer head = ByteBuffer.allocate(10 + 10 + 10).order(ByteOrder.LITTLE_ENDIAN);
            head.put(new byte[] {0x1f, (byte) 0x8b, 8, (byte) (GzipHeader.FEXTRA | GzipHeader.FNAME), 0, 0, 0, 0, 2,
                (byte) 255});
            head.putShort((short) 8).put((byte) 'M').put((byte) 'Z').putShort((short) 4).putInt(deflate.length);
            head.put("data.bin\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            file.write(head.array(), 0, head.position());
            file.write(deflate);
            file.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(crc(part)).putInt(part.length)
                    .array());
        }
        Path gz = Files.write(dir.resolve("data.bin.gz"), file.toByteArray());
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        IntegrityTest.Report r;
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(gz)) {
            r = IntegrityTest.decompress(channel, 2, Progress.NONE, Cancellation.none(), out);
        }

        assertThat(out.toByteArray()).isEqualTo(INPUT);
        assertThat(r).isEqualTo(IntegrityTest.test(gz, 1, Progress.NONE, Cancellation.none()));
        assertThat(Tools.gunzip(file.toByteArray())).isEqualTo(INPUT);
        // the field each maker writes, read as the member's whole size
        byte[] mz = {'M', 'Z', 4, 0, 0x10, 0x27, 0, 0};
        byte[] bc = {'B', 'C', 2, 0, (byte) 0xff, 0x1f};
        byte[] pf = {(byte) LibdeflateEngine.SUBFIELD_ID1, (byte) LibdeflateEngine.SUBFIELD_ID2, 4, 0, 0x40, 0, 0, 0};
        assertThat(IntegrityTest.IndexedMembers.recordedSize(mz, 30)).isEqualTo(30 + 10_000 + 8);
        assertThat(IntegrityTest.IndexedMembers.recordedSize(bc, 18)).isEqualTo(0x2000);
        assertThat(IntegrityTest.IndexedMembers.recordedSize(pf, 20)).isEqualTo(0x40);
        assertThat(IntegrityTest.IndexedMembers.recordedSize(new byte[] {'X', 'Y', 2, 0, 1, 2}, 18)).isEqualTo(-1);
    }

    private static byte[] rawDeflate(byte[] data) {
        Deflater deflater = new Deflater(6, true);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        while (!deflater.finished()) {
            out.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();
        return out.toByteArray();
    }

    @Test
    void aMemberZlibRejectsIsRejectedInALargeFileOnEveryCoreAsInASmallOne() throws IOException {
        byte[] letters = new byte[10_000];
        Arrays.fill(letters, (byte) 'A');
        byte[] strict = indexedMember(deflateWithTooManyCodes(letters.length), crc(letters), letters.length);
        assertThat(Tools.test("gzip", strict).status()).as("gzip -t rejects the member").isNotZero();
        int[] starts = memberStarts(good);
        byte[] large = concat(Arrays.copyOf(good, starts[3]), strict, Arrays.copyOfRange(good, starts[3], good.length));

        IntegrityTest.Failure alone = failure(strict);
        IntegrityTest.Failure amongOthers = failure(large);

        assertThat(alone.check()).isEqualTo(Check.CORRUPT_DATA);
        assertThat(amongOthers.check()).isEqualTo(Check.CORRUPT_DATA);
        assertThat(amongOthers.offset()).isEqualTo(starts[3] + alone.offset());
    }

    /** One member in the libdeflate engine's layout, its size recorded, holding {@code length} zero bytes. */
    private static byte[] memberOfZeros(int length) {
        Deflater deflater = new Deflater(9, true);
        byte[] chunk = new byte[1 << 20];
        CRC32 crc = new CRC32();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        byte[] out = new byte[1 << 16];
        for (int fed = 0; fed < length; fed += chunk.length) {
            deflater.setInput(chunk);
            crc.update(chunk);
            while (!deflater.needsInput()) {
                data.write(out, 0, deflater.deflate(out));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            data.write(out, 0, deflater.deflate(out));
        }
        deflater.end();
        return indexedMember(data.toByteArray(), (int) crc.getValue(), length);
    }

    /** One member in the libdeflate engine's layout, its size recorded, around raw deflate data. */
    private static byte[] indexedMember(byte[] deflate, int crc, int length) {
        int size = 20 + deflate.length + 8;
        ByteBuffer member = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        member.put(new byte[] {0x1f, (byte) 0x8b, 8, GzipHeader.FEXTRA, 0, 0, 0, 0, 0, 3});
        member.putShort((short) 8).put((byte) LibdeflateEngine.SUBFIELD_ID1).put((byte) LibdeflateEngine.SUBFIELD_ID2)
                .putShort((short) 4).putInt(size);
        member.put(deflate).putInt(crc).putInt(length);
        return member.array();
    }

    /**
     * {@code count} letters A in one dynamic-Huffman block that declares 288 literal/length codes.
     * RFC 1951 allows at most 286 (HLIT up to 29): zlib and gzip reject the block ("too many length
     * or distance symbols"), while libdeflate decodes it.
     */
    static byte[] deflateWithTooManyCodes(int count) {
        Bits bits = new Bits();
        bits.put(1, 1).put(2, 2);          // the last block, dynamic Huffman codes
        bits.put(31, 5).put(0, 5);         // HLIT: 288 literal/length codes; HDIST: 1 distance code
        bits.put(14, 4);                   // HCLEN: 18 code length codes, up to the one for length 1
        int[] order = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1};
        for (int symbol : order) {
            bits.put(symbol == 0 || symbol == 1 ? 1 : 0, 3); // lengths 0 and 1 each have a 1-bit code
        }
        for (int literal = 0; literal < 288; literal++) {
            bits.put(literal == 'A' || literal == 256 ? 1 : 0, 1); // 'A' is code 0, end of block code 1
        }
        bits.put(0, 1);                    // the one distance code is unused
        for (int i = 0; i < count; i++) {
            bits.put(0, 1);
        }
        bits.put(1, 1);
        return bits.bytes();
    }

    /** Bits in deflate's order, least significant first. */
    private static final class Bits {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int pending;
        private int count;

        Bits put(int value, int width) {
            for (int i = 0; i < width; i++) {
                pending |= ((value >>> i) & 1) << count;
                if (++count == 8) {
                    out.write(pending);
                    pending = 0;
                    count = 0;
                }
            }
            return this;
        }

        byte[] bytes() {
            if (count > 0) {
                out.write(pending);
            }
            return out.toByteArray();
        }
    }

    private IntegrityTest.Report test(byte[] gz) throws IOException {
        Path file = Files.write(dir.resolve("t.gz"), gz);
        return IntegrityTest.test(file, 2, Progress.NONE, Cancellation.none());
    }

    private IntegrityTest.Failure failure(byte[] gz) {
        IntegrityTest.Failure f = catchThrowableOfType(IntegrityTest.Failure.class, () -> test(gz));
        assertThat(f).as("the damaged file is rejected").isNotNull();
        return f;
    }

    /** Where each member starts, from the sizes the members record. */
    private static int[] memberStarts(byte[] gz) {
        ByteBuffer b = ByteBuffer.wrap(gz).order(ByteOrder.LITTLE_ENDIAN);
        int[] starts = new int[0];
        for (int at = 0; at < gz.length; at += b.getInt(at + 16)) {
            starts = Arrays.copyOf(starts, starts.length + 1);
            starts[starts.length - 1] = at;
        }
        return starts;
    }

    private static int crc(byte[] data) {
        CRC32 c = new CRC32();
        c.update(data);
        return (int) c.getValue();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}

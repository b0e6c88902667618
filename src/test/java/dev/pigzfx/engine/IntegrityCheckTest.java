package dev.pigzfx.engine;

import dev.pigzfx.engine.IntegrityTest.Check;
import dev.pigzfx.testing.Samples;
import dev.pigzfx.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The integrity test accepts good gzip from every source and names the damage in bad gzip. */
class IntegrityCheckTest {

    private static final byte[] INPUT = Samples.text(300_000, 5);
    private static final byte[] GOOD = compress(INPUT);
    private static final int CRC = crcOf(INPUT);

    @Test
    void acceptsPigzFxGzipAndPigzOutputAndReturnsTheDataCrc() throws IOException {
        Tools.needPigz();
        for (byte[] gz : List.of(GOOD, Tools.run(List.of("gzip", "-c"), INPUT).stdout(),
                Tools.run(List.of("pigz", "-c", "-p", "2"), INPUT).stdout())) {
            IntegrityTest.Report r = test(gz);
            assertThat(r.crc32()).isEqualTo(CRC);
            assertThat(r.uncompressedSize()).isEqualTo(INPUT.length);
            assertThat(r.members()).isEqualTo(1);
        }
    }

    @Test
    void acceptsSeveralMembersAndReturnsTheCrcOfAllTheirData() throws IOException {
        byte[] second = Samples.random(70_000, 9);
        byte[] both = concat(GOOD, compress(second));

        IntegrityTest.Report r = test(both);

        assertThat(r.members()).isEqualTo(2);
        assertThat(r.uncompressedSize()).isEqualTo(INPUT.length + second.length);
        assertThat(r.crc32()).isEqualTo(crcOf(concat(INPUT, second)));
    }

    @Test
    void acceptsOptionalHeaderFieldsAndChecksTheHeaderCrc() throws IOException {
        byte[] header = {0x1f, (byte) 0x8b, 8, 0x1e /* FHCRC FEXTRA FNAME FCOMMENT */, 0, 0, 0, 0, 0, 3,
                4, 0, 'A', 'B', 1, 0, 'n', 0, 'c', 0};
        CRC32 headerCrc = new CRC32();
        headerCrc.update(header);
        int hcrc = (int) headerCrc.getValue() & 0xffff;
        byte[] body = Arrays.copyOfRange(GOOD, 10, GOOD.length);
        byte[] withFields = concat(header, new byte[] {(byte) hcrc, (byte) (hcrc >>> 8)}, body);

        assertThat(test(withFields).crc32()).isEqualTo(CRC);
        withFields[header.length] ^= 1;
        assertThat(failure(withFields).check()).isEqualTo(Check.HEADER_CRC);
    }

    @Test
    void everyTruncationIsCaught() {
        byte[] small = compress(Samples.text(3000, 1));
        for (int cut = 0; cut < small.length; cut++) {
            IntegrityTest.Failure f = failure(Arrays.copyOf(small, cut));
            assertThat(f.check()).as("cut at %d", cut).isIn(Check.EMPTY, Check.TRUNCATED);
            assertThat(f.offset()).as("cut at %d", cut).isEqualTo(cut);
        }
        for (int cut = GOOD.length - 1; cut > 10; cut -= 997) {
            assertThat(failure(Arrays.copyOf(GOOD, cut)).check()).isEqualTo(Check.TRUNCATED);
        }
    }

    @Test
    void trailingGarbageIsCaughtWhereItStarts() {
        for (byte[] garbage : List.of(new byte[] {0x1f}, "hello".getBytes(), new byte[] {0x1f, 0x3b, 0, 0},
                new byte[] {0, 0, 'x'})) {
            IntegrityTest.Failure f = failure(concat(GOOD, garbage));
            assertThat(f.check()).isIn(Check.TRAILING_GARBAGE, Check.TRUNCATED);
            assertThat(f.offset()).isGreaterThanOrEqualTo(GOOD.length);
        }
        assertThat(failure(concat(GOOD, "hello".getBytes())).check()).isEqualTo(Check.TRAILING_GARBAGE);
        assertThat(failure(concat(GOOD, "hello".getBytes())).offset()).isEqualTo(GOOD.length);
    }

    @Test
    void zeroBytesAfterTheLastMemberAreAcceptedAsGzipAcceptsThem() throws IOException {
        for (int zeros : new int[] {1, 512, 100_000}) {
            byte[] padded = concat(GOOD, new byte[zeros]);
            assertThat(Tools.test("gzip", padded).status()).as("gzip -t, %d zeros", zeros).isZero();

            IntegrityTest.Report r = test(padded);

            assertThat(r.crc32()).isEqualTo(CRC);
            assertThat(r.uncompressedSize()).isEqualTo(INPUT.length);
            assertThat(r.compressedSize()).isEqualTo(padded.length);
        }
        IntegrityTest.Failure f = failure(concat(GOOD, new byte[] {0, 0, 0, 7}));
        assertThat(f.check()).isEqualTo(Check.TRAILING_GARBAGE);
        assertThat(f.offset()).isEqualTo(GOOD.length);
    }

    @Test
    void damagedHeadersAreNamed() {
        assertThat(failure(new byte[0]).check()).isEqualTo(Check.EMPTY);
        assertThat(failure("plain text, not gzip".getBytes()).check()).isEqualTo(Check.NOT_GZIP);
        byte[] method = GOOD.clone();
        method[2] = 7;
        assertThat(failure(method).check()).isEqualTo(Check.UNSUPPORTED_METHOD);
        byte[] reserved = GOOD.clone();
        reserved[3] |= (byte) 0x20;
        assertThat(failure(reserved).check()).isEqualTo(Check.RESERVED_FLAGS);
    }

    @Test
    void damagedTrailersAreNamed() {
        byte[] crc = GOOD.clone();
        crc[crc.length - 6] ^= 0x10;
        assertThat(failure(crc).check()).isEqualTo(Check.CRC_MISMATCH);
        assertThat(failure(crc).offset()).isEqualTo(GOOD.length - 8);
        byte[] length = GOOD.clone();
        length[length.length - 1] ^= 0x01;
        assertThat(failure(length).check()).isEqualTo(Check.LENGTH_MISMATCH);
    }

    /**
     * Flip each bit of the compressed data and trailer in turn. A few bits carry no information
     * (the padding after a deflate block), so a flip there changes nothing; every other flip must be
     * rejected. Either way the test must never accept data that differs from the original.
     */
    @Test
    void noFlippedBitPassesAsDifferentData() {
        byte[] input = Samples.text(20_000, 2);
        byte[] gz = compress(input);
        int crc = crcOf(input);
        int accepted = 0;
        int flips = 0;
        for (int at = 10; at < gz.length; at++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] bad = gz.clone();
                bad[at] ^= (byte) (1 << bit);
                flips++;
                try {
                    IntegrityTest.Report r = test(bad);
                    accepted++;
                    assertThat(r.crc32()).as("flip at byte %d bit %d", at, bit).isEqualTo(crc);
                    assertThat(r.uncompressedSize()).isEqualTo(input.length);
                } catch (IntegrityTest.Failure expected) {
                    assertThat(expected.offset()).isBetween(0L, (long) bad.length);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        }
        assertThat(accepted).as("flips that changed nothing, of %d", flips).isLessThanOrEqualTo(8);
    }

    @Test
    void messagesNameTheCheckAndTheOffset() {
        IntegrityTest.Failure f = failure(Arrays.copyOf(GOOD, 1000));
        assertThat(f.getMessage()).contains("truncated").contains("1000");
    }

    private static IntegrityTest.Report test(byte[] gz) throws IOException {
        return IntegrityTest.test(new ByteArrayInputStream(gz), Progress.NONE, Cancellation.none());
    }

    private static IntegrityTest.Failure failure(byte[] gz) {
        IntegrityTest.Failure f = catchThrowableOfType(IntegrityTest.Failure.class, () -> test(gz));
        assertThat(f).as("the damaged file is rejected").isNotNull();
        return f;
    }

    static byte[] compress(byte[] input) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new ZlibEngine().compress(new ByteArrayInputStream(input), out, new GzipJob(6, 2, 32 * 1024,
                    GzipHeader.NONE), Progress.NONE, Cancellation.none());
            return out.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static int crcOf(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return (int) crc.getValue();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void filesTestedOneAfterAnotherOnOneThreadAreEachJudgedOnTheirOwn(@TempDir Path dir) throws IOException {
        Path good = Files.write(dir.resolve("good.gz"), GOOD);
        Path cut = Files.write(dir.resolve("cut.gz"), Arrays.copyOf(GOOD, GOOD.length / 2));
        byte[] damaged = GOOD.clone();
        damaged[GOOD.length / 2] ^= 0x10;
        Path flipped = Files.write(dir.resolve("flipped.gz"), damaged);

        for (int round = 0; round < 2; round++) {
            assertThat(fileFailure(cut).check()).isEqualTo(Check.TRUNCATED);
            assertThat(IntegrityTest.test(good, 1, Progress.NONE, Cancellation.none()).crc32()).isEqualTo(CRC);
            assertThat(fileFailure(flipped).check()).isIn(Check.CORRUPT_DATA, Check.CRC_MISMATCH, Check.LENGTH_MISMATCH);
            IntegrityTest.Report again = IntegrityTest.test(good, 1, Progress.NONE, Cancellation.none());
            assertThat(again.crc32()).isEqualTo(CRC);
            assertThat(again.uncompressedSize()).isEqualTo(INPUT.length);
        }
    }

    private static IntegrityTest.Failure fileFailure(Path gz) {
        IntegrityTest.Failure f = catchThrowableOfType(IntegrityTest.Failure.class,
                () -> IntegrityTest.test(gz, 1, Progress.NONE, Cancellation.none()));
        assertThat(f).as("%s is rejected", gz.getFileName()).isNotNull();
        return f;
    }

    @Test
    void aFileThatIsNotThereIsAnError() {
        assertThatThrownBy(() -> IntegrityTest.test(java.nio.file.Path.of("/nonexistent/x.gz"), Progress.NONE,
                Cancellation.none())).isInstanceOf(java.nio.file.NoSuchFileException.class);
    }
}

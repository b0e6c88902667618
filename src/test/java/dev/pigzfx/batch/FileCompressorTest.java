package dev.pigzfx.batch;

import dev.pigzfx.platform.Os;
import dev.pigzfx.engine.Cancellation;
import dev.pigzfx.engine.CompressionResult;
import dev.pigzfx.engine.GzipEngine;
import dev.pigzfx.engine.GzipJob;
import dev.pigzfx.engine.Progress;
import dev.pigzfx.engine.ZlibEngine;
import dev.pigzfx.testing.Samples;
import dev.pigzfx.testing.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** One file compressed safely: every safe-output invariant of the design, each with a test. */
class FileCompressorTest {

    @TempDir
    Path dir;

    private final CompressOptions options = CompressOptions.defaults().withThreads(2);

    @Test
    void deletesOriginalOnlyAfterVerifiedOutputAndKeepsTimeAndPermissions() throws IOException {
        byte[] data = Samples.text(1_500_000, 1);
        Path file = write("server.log", data);
        Files.getFileAttributeView(file, java.nio.file.attribute.BasicFileAttributeView.class).setTimes(
                FileTime.from(Instant.parse("2021-03-04T05:06:07Z")), FileTime.from(Instant.parse("2021-03-05T00:00:00Z")),
                null);
        if (Tools.POSIX) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        }

        FileResult r = compress(file, options);

        Path gz = dir.resolve("server.log.gz");
        // as gzip does, the access time too (read before the .gz is read, which may update it)
        assertThat(Files.readAttributes(gz, java.nio.file.attribute.BasicFileAttributes.class).lastAccessTime()
                .toInstant()).isEqualTo(Instant.parse("2021-03-05T00:00:00Z"));
        assertThat(r.status()).isEqualTo(FileStatus.SUCCESS);
        assertThat(r.output()).isEqualTo(gz);
        assertThat(r.originalKept()).isFalse();
        assertThat(file).doesNotExist();
        assertThat(Tools.gunzip(Files.readAllBytes(gz))).isEqualTo(data);
        assertThat(Files.getLastModifiedTime(gz).toInstant()).isEqualTo(Instant.parse("2021-03-04T05:06:07Z"));
        if (Tools.POSIX) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(gz))).isEqualTo("rw-r-----");
        }
        assertThat(Files.isHidden(gz)).isFalse();
        assertThat(r.compressedSize()).isEqualTo(Files.size(gz));
        assertThat(r.originalSize()).isEqualTo(data.length);
        assertThat(leftovers()).containsExactly("server.log.gz");
    }

    @Test
    void keepLeavesTheOriginal() throws IOException {
        Path file = write("a.txt", Samples.text(10_000, 2));

        FileResult r = compress(file, options.withKeep(true));

        assertThat(r.status()).isEqualTo(FileStatus.SUCCESS);
        assertThat(r.originalKept()).isTrue();
        assertThat(leftovers()).containsExactlyInAnyOrder("a.txt", "a.txt.gz");
    }

    @Test
    void anEmptyFileBecomesValidGzipOfNothing() throws IOException {
        Path file = write("empty", new byte[0]);

        FileResult r = compress(file, options);

        assertThat(r.status()).isEqualTo(FileStatus.SUCCESS);
        byte[] gz = Files.readAllBytes(dir.resolve("empty.gz"));
        assertThat(Tools.test("gzip", gz).status()).isZero();
        assertThat(Tools.gunzip(gz)).isEmpty();
    }

    @Test
    void anExistingGzIsNeverReplacedUnlessForced() throws IOException {
        Path file = write("b.txt", Samples.text(5000, 3));
        Path gz = write("b.txt.gz", "precious".getBytes());

        FileResult skipped = compress(file, options);

        assertThat(skipped.status()).isEqualTo(FileStatus.SKIPPED);
        assertThat(skipped.detail()).contains("b.txt.gz already exists");
        assertThat(Files.readString(gz)).isEqualTo("precious");
        assertThat(file).exists();

        FileResult forced = compress(file, options.withForce(true));

        assertThat(forced.status()).isEqualTo(FileStatus.SUCCESS);
        assertThat(Tools.gunzip(Files.readAllBytes(gz))).isEqualTo(Samples.text(5000, 3));
        assertThat(file).doesNotExist();
    }

    @Test
    void aGzThatAppearsWhileCompressingIsLeftAsItIs() throws IOException {
        Path file = write("c.txt", Samples.text(400_000, 4));
        Path gz = dir.resolve("c.txt.gz");
        GzipEngine racing = Meddling.afterReading(() -> write(gz.getFileName().toString(), "someone else's".getBytes()),
                UnaryOperator.identity());

        FileResult r = new FileCompressor(racing, options).compress(file, Progress.NONE, Cancellation.none());

        assertThat(r.status()).isEqualTo(FileStatus.SKIPPED);
        assertThat(Files.readString(gz)).isEqualTo("someone else's");
        assertThat(file).exists();
        assertThat(leftovers()).containsExactlyInAnyOrder("c.txt", "c.txt.gz");
    }

    @Test
    void aFileAnotherRunCompressedMeanwhileIsToldAsDoneElsewhereNotAsAKeptOriginal() throws IOException {
        byte[] data = Samples.text(400_000, 5);
        Path file = write("shared.txt", data);
        Path gz = dir.resolve("shared.txt.gz");
        // another PigzFX on the same folder: it publishes its .gz and removes the original first
        GzipEngine racing = Meddling.afterReading(() -> {
            Files.write(gz, Tools.run(List.of("gzip", "-c"), data).stdout());
            Files.delete(file);
        }, UnaryOperator.identity());

        FileResult r = new FileCompressor(racing, options).compress(file, Progress.NONE, Cancellation.none());

        assertThat(r.status()).isEqualTo(FileStatus.SKIPPED);
        assertThat(r.detail()).isEqualTo("another run compressed it meanwhile: shared.txt.gz is there and the"
                + " original is gone");
        assertThat(r.originalKept()).isFalse();
        assertThat(Tools.gunzip(Files.readAllBytes(gz))).isEqualTo(data);
        assertThat(leftovers()).containsExactly("shared.txt.gz");
    }

    @Test
    void aHardLinkedOriginalIsKept() throws IOException {
        Path file = write("linked.txt", Samples.text(20_000, 5));
        Files.createLink(dir.resolve("other-name.txt"), file);

        FileResult r = compress(file, options);

        assertThat(r.status()).isEqualTo(FileStatus.SUCCESS);
        assertThat(r.originalKept()).isTrue();
        assertThat(r.detail()).contains("2 hard links");
        assertThat(file).exists();
        assertThat(dir.resolve("linked.txt.gz")).exists();
    }

    @Test
    void aFileThatChangesWhileCompressingFailsAndIsKept() throws IOException {
        Path file = write("growing.log", Samples.text(300_000, 6));
        GzipEngine appending = Meddling.afterReading(() -> Files.write(file, "one more line\n".getBytes(),
                StandardOpenOption.APPEND), UnaryOperator.identity());

        FileResult r = new FileCompressor(appending, options).compress(file, Progress.NONE, Cancellation.none());

        assertThat(r.status()).isEqualTo(FileStatus.FAILED);
        assertThat(r.detail()).contains("changed while compressing").endsWith("(original kept)");
        assertThat(file).exists();
        assertThat(leftovers()).containsExactly("growing.log");
    }

    @Test
    void aFullDiskFailsTheFileKeepsTheOriginalAndLeavesNoTemporaryFile() throws IOException {
        byte[] data = Samples.random(2_000_000, 7);
        Path file = write("photo.raw", data);
        FileCompressor onFullDisk = new FileCompressor(new ZlibEngine(), options, out -> new FailingAfter(out, 300_000));

        FileResult r = onFullDisk.compress(file, Progress.NONE, Cancellation.none());

        assertThat(r.status()).isEqualTo(FileStatus.FAILED);
        assertThat(r.detail()).isEqualTo("cannot write " + dir.resolve("photo.raw.gz")
                + ": no space left on device (original kept)");
        assertThat(Files.readAllBytes(file)).isEqualTo(data);
        assertThat(leftovers()).containsExactly("photo.raw");
    }

    @Test
    void outputThatFailsVerificationIsRemovedAndTheOriginalKept() throws IOException {
        Path file = write("d.txt", Samples.text(200_000, 8));
        GzipEngine corrupting = Meddling.afterReading(() -> { }, out -> new FlipByte(out, 5_000));

        FileResult r = new FileCompressor(corrupting, options).compress(file, Progress.NONE, Cancellation.none());

        assertThat(r.status()).isEqualTo(FileStatus.FAILED);
        assertThat(r.detail()).startsWith("verification of " + dir.resolve("d.txt.gz") + " failed:");
        assertThat(file).exists();
        assertThat(leftovers()).containsExactly("d.txt");
    }

    @Test
    void cancelMidFileKeepsTheOriginalAndLeavesNoTemporaryFile() throws IOException {
        byte[] data = Samples.text(8_000_000, 9);
        Path file = write("big.log", data);
        Cancellation cancel = new Cancellation();
        Progress cancelAfterAMegabyte = (read, written) -> {
            if (read > 1_000_000) {
                cancel.cancel();
            }
        };

        FileResult r = new FileCompressor(new ZlibEngine(), options.withBlockSize(GzipJob.MIN_BLOCK_SIZE))
                .compress(file, cancelAfterAMegabyte, cancel);

        assertThat(r.status()).isEqualTo(FileStatus.CANCELLED);
        assertThat(Files.readAllBytes(file)).isEqualTo(data);
        assertThat(leftovers()).containsExactly("big.log");
    }

    @Test
    void whatCannotBeCompressedIsSkippedOrFailedWithTheReason() throws Exception {
        Path target = write("real.txt", "x".getBytes());
        Path link = Tools.symlink(dir.resolve("link.txt"), target);
        Path folder = Files.createDirectory(dir.resolve("folder"));
        Path already = write("old.gz", "x".getBytes());
        Path tgz = write("backup.TGZ", "x".getBytes());
        Path fifo = dir.resolve("pipe");
        if (Os.current() != Os.WINDOWS) {
            assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        } else {
            Files.createDirectory(fifo); // Windows has no pipes in folders: a folder stands in, and fails
        }

        assertThat(compress(link, options)).extracting(FileResult::status, FileResult::detail)
                .containsExactly(FileStatus.SKIPPED, "is a symbolic link (not followed)");
        assertThat(compress(folder, options)).extracting(FileResult::status, FileResult::detail)
                .containsExactly(FileStatus.FAILED, "is a folder");
        assertThat(compress(already, options)).extracting(FileResult::status, FileResult::detail)
                .containsExactly(FileStatus.SKIPPED, "already has the .gz suffix");
        assertThat(compress(tgz, options).status()).isEqualTo(FileStatus.SKIPPED);
        if (Os.current() != Os.WINDOWS) {
            assertThat(compress(fifo, options)).extracting(FileResult::status, FileResult::detail)
                    .containsExactly(FileStatus.SKIPPED, "is not a regular file (a device, pipe or socket)");
        }
        assertThat(compress(dir.resolve("missing.txt"), options)).extracting(FileResult::status, FileResult::detail)
                .containsExactly(FileStatus.FAILED, "no such file or folder");
        assertThat(leftovers()).containsExactlyInAnyOrder("real.txt", "link.txt", "folder", "old.gz", "backup.TGZ",
                "pipe");
    }

    @Test
    void namesWithSpacesUnicodeAndNewlinesWork() throws IOException {
        List<String> names = Os.current() == Os.WINDOWS ? List.of("with space.txt", "naïve 日本語.txt")
                : List.of("with space.txt", "naïve 日本語.txt", "line\nbreak.txt");
        for (String name : names) {
            byte[] data = Samples.text(50_000, name.length());
            Path file = write(name, data);

            FileResult r = compress(file, options);

            assertThat(r.status()).as(name).isEqualTo(FileStatus.SUCCESS);
            assertThat(Tools.gunzip(Files.readAllBytes(dir.resolve(name + ".gz")))).isEqualTo(data);
        }
    }

    @Test
    void temporaryFilesAreHiddenAndRecognisable() throws IOException {
        try (SafeOutput out = SafeOutput.create(dir.resolve("x".repeat(250) + ".gz"))) {
            String name = out.temp().getFileName().toString();
            assertThat(name).startsWith(".").endsWith(SafeOutput.TEMP_SUFFIX);
            assertThat(name.length()).isLessThanOrEqualTo(255);
            assertThat(SafeOutput.isTemporary(out.temp())).isTrue();
            // hidden as the system hides files: by the leading dot, and on Windows by its attribute too
            assertThat(Files.isHidden(out.temp())).isTrue();
            if (Tools.POSIX) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.temp())))
                        .isEqualTo("rw-------");
            }
        }
        assertThat(leftovers()).isEmpty();
        assertThat(compress(write(".notes.abc.pigzfx-tmp", "x".getBytes()), options).detail())
                .isEqualTo("is a PigzFX temporary file");
    }

    private FileResult compress(Path file, CompressOptions o) {
        return new FileCompressor(new ZlibEngine(), o).compress(file, Progress.NONE, Cancellation.none());
    }

    private Path write(String name, byte[] data) throws IOException {
        return Files.write(dir.resolve(name), data);
    }

    private List<String> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    /** Fails like a full disk once {@code limit} bytes have been written. */
    private static final class FailingAfter extends FilterOutputStream {
        private long left;

        FailingAfter(OutputStream out, long limit) {
            super(out);
            left = limit;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > left) {
                throw new FileSystemException("photo.raw.gz", null, "No space left on device");
            }
            left -= len;
            out.write(b, off, len);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }
    }

    /** Corrupts one byte of what passes through, as failing memory or a buggy engine might. */
    private static final class FlipByte extends FilterOutputStream {
        private final long at;
        private long position;

        FlipByte(OutputStream out, long at) {
            super(out);
            this.at = at;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            byte[] copy = java.util.Arrays.copyOfRange(b, off, off + len);
            if (at >= position && at < position + len) {
                copy[(int) (at - position)] ^= 0x40;
            }
            position += len;
            out.write(copy);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }
    }
}

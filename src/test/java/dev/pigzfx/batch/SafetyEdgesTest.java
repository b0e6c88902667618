package dev.pigzfx.batch;

import dev.pigzfx.engine.Cancellation;
import dev.pigzfx.engine.GzipEngine;
import dev.pigzfx.engine.Progress;
import dev.pigzfx.engine.ZlibEngine;
import dev.pigzfx.testing.Samples;
import dev.pigzfx.testing.Tools;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The safety promise at its edges, on Linux: another user who can write the same folder, a writer
 * that changes the original while it is compressed, owners, special bits, ACLs and extended
 * attributes, names that are not text. Each case ends with the original intact, or its bytes in a
 * proven .gz, and nothing of another user's touched.
 */
@EnabledOnOs(OS.LINUX)
class SafetyEdgesTest {

    @TempDir
    Path dir;

    private final CompressOptions options = CompressOptions.defaults().withThreads(2);

    @AfterEach
    void unnamedFilesBackOn() {
        SafeOutput.Held.unnamedFiles = true;
    }

    @ParameterizedTest(name = "unnamed temporary file: {0}")
    @ValueSource(booleans = {true, false})
    void aTemporaryNameSwappedForASymbolicLinkChangesNothingItPointsTo(boolean unnamed) throws IOException {
        SafeOutput.Held.unnamedFiles = unnamed;
        Path victim = Files.createDirectory(dir.resolve("home")).resolve("id_ed25519");
        Files.writeString(victim, "PRIVATE KEY");
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-------"));
        byte[] data = Samples.text(200_000, 1);
        Path file = write("report.txt", data);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        GzipEngine attacker = Meddling.afterReading(() -> {
            for (Path temp : list(dir)) {
                if (SafeOutput.isTemporary(temp)) {
                    Files.delete(temp);
                    Files.createSymbolicLink(temp, victim);
                }
            }
        });

        FileResult r = compress(attacker, file, options);

        assertThat(Files.readString(victim)).isEqualTo("PRIVATE KEY");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(victim))).isEqualTo("rw-------");
        Path gz = dir.resolve("report.txt.gz");
        if (unnamed) {
            // nothing had a name to swap
            assertThat(r.status()).isEqualTo(FileStatus.SUCCESS);
            assertThat(Tools.gunzip(Files.readAllBytes(gz))).isEqualTo(data);
            assertThat(file).doesNotExist();
        } else {
            // the written file lost its only name: it cannot be published, and is never replaced by the link
            assertThat(r.status()).isEqualTo(FileStatus.FAILED);
            assertThat(r.detail()).startsWith("cannot write " + gz + ": its temporary file ")
                    .endsWith(" was removed by another process (original kept)");
            assertThat(gz).doesNotExist();
            assertThat(Files.readAllBytes(file)).isEqualTo(data);
        }
    }

    @Test
    void anOriginalSwappedForALinkToADeviceIsNotRead() throws IOException {
        Path file = write("data.txt", Samples.text(1000, 2));
        try (Original original = Original.look(file)) {
            Files.delete(file);
            Files.createSymbolicLink(file, Path.of("/dev/zero"));

            assertThatThrownBy(original::open).isInstanceOf(Original.ChangedException.class)
                    .hasMessage("was replaced by a symbolic link (not followed)");
        }
    }

    @Test
    void anOriginalSwappedForAPipeIsNotWaitedOn() throws IOException {
        Path file = write("data.txt", Samples.text(1000, 3));
        try (Original original = Original.look(file)) {
            Files.delete(file);
            assertThat(Tools.run(List.of("mkfifo", file.toString()), new byte[0]).status()).isZero();

            // a FIFO opened for reading waits for a writer that never comes: the open must not
            assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
                    assertThatThrownBy(original::open).isInstanceOf(Original.ChangedException.class)
                            .hasMessage("was replaced by another kind of file while it was opened"));
        }
    }

    @Test
    void aFileMovedIntoTheOriginalsPlaceWhileCompressingIsLeftAsItIs() throws IOException {
        byte[] data = Samples.text(100_000, 4);
        Path file = write("app.log", data);
        Path rotated = write("app.log.new", "the new log\n".getBytes());
        GzipEngine rotating = Meddling.afterReading(() ->
                Files.move(rotated, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE));

        FileResult r = compress(rotating, file, options);

        assertThat(r.originalKept()).isTrue();
        assertThat(Files.readString(file)).isEqualTo("the new log\n");
    }

    @Test
    void aRewriteThatPutsTheModificationTimeBackIsNotLost() throws IOException {
        byte[] data = Samples.text(100_000, 5);
        Path file = write("ledger.csv", data);
        FileTime mtime = Files.getLastModifiedTime(file);
        byte[] rewritten = data.clone();
        rewritten[10] = (byte) '#';
        GzipEngine rewriting = Meddling.afterReading(() -> {
            Files.write(file, rewritten);
            Files.setLastModifiedTime(file, mtime); // as touch -d does
        });

        FileResult r = compress(rewriting, file, options);

        assertThat(r.status()).isEqualTo(FileStatus.FAILED);
        assertThat(r.detail()).isEqualTo("changed while compressing (original kept)");
        assertThat(Files.readAllBytes(file)).isEqualTo(rewritten);
        assertThat(list(dir)).containsExactly(file);
    }

    @Test
    void onOneSecondTimestampsAWriteInTheSameSecondIsNotLost() throws IOException {
        Path mount = OneSecondFileSystem.mount(dir);
        assumeThat(mount).as("a loop-mounted ext4 with 1-second timestamps (root only)").isNotNull();
        try {
            byte[] data = Samples.text(50_000, 6);
            Path file = Files.write(mount.resolve("counter.txt"), data);
            byte[] rewritten = data.clone();
            rewritten[0] = (byte) '!';
            // same size, and within the same second as the file was written: its times do not move
            GzipEngine rewriting = Meddling.afterReading(() -> {
                try (var channel = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
                    channel.write(ByteBuffer.wrap(rewritten));
                }
            });

            FileResult r = compress(rewriting, file, options);

            assertThat(Files.readAllBytes(file)).isEqualTo(rewritten);
            assertThat(r.originalKept()).isTrue();
            assertThat(r.detail()).contains("changed while compressing");
        } finally {
            OneSecondFileSystem.unmount(mount);
        }
    }

    @Test
    void asRootAnotherUsersFileKeepsItsOwnerGroupAndMode() throws IOException {
        assumeThat(System.getProperty("user.name")).as("running as root").isEqualTo("root");
        Path file = write("private.txt", Samples.text(10_000, 7));
        Files.setAttribute(file, "unix:uid", 65534);
        Files.setAttribute(file, "unix:gid", 65534);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        FileResult r = compress(new ZlibEngine(), file, options);

        Path gz = dir.resolve("private.txt.gz");
        assertThat(r.status()).isEqualTo(FileStatus.SUCCESS);
        assertThat(Files.getAttribute(gz, "unix:uid")).isEqualTo(65534);
        assertThat(Files.getAttribute(gz, "unix:gid")).isEqualTo(65534);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(gz))).isEqualTo("rw-------");
    }

    @Test
    void aSetUserIdFileIsKeptUnlessForcedAndForcedLosesTheBit() throws IOException {
        Path file = write("tool", Samples.text(10_000, 8));
        Files.setAttribute(file, "unix:mode", 04755);

        FileResult r = compress(new ZlibEngine(), file, options);

        assertThat(r.status()).isEqualTo(FileStatus.SKIPPED);
        assertThat(r.detail()).startsWith("has the set-user-ID bit");
        assertThat(list(dir)).containsExactly(file);

        FileResult forced = compress(new ZlibEngine(), file, options.withForce(true));

        assertThat(forced.status()).isEqualTo(FileStatus.SUCCESS);
        assertThat((int) Files.getAttribute(dir.resolve("tool.gz"), "unix:mode") & 07777).isEqualTo(0755);
    }

    @Test
    void extendedAttributesAndAnAclGoWithTheData() throws IOException {
        assumeThat(Tools.run(List.of("sh", "-c", "command -v setfacl"), new byte[0]).status())
                .as("setfacl (Debian package acl)").isZero();
        Path file = write("notes.txt", Samples.text(10_000, 9));
        Files.getFileAttributeView(file, UserDefinedFileAttributeView.class)
                .write("origin", StandardCharsets.UTF_8.encode("camera 2"));
        // readable by all but one user: that user must not be able to read the .gz either
        assertThat(Tools.run(List.of("setfacl", "-m", "u:nobody:---", file.toString()), new byte[0]).status()).isZero();

        FileResult r = compress(new ZlibEngine(), file, options);

        Path gz = dir.resolve("notes.txt.gz");
        assertThat(r.status()).isEqualTo(FileStatus.SUCCESS);
        UserDefinedFileAttributeView view = Files.getFileAttributeView(gz, UserDefinedFileAttributeView.class);
        ByteBuffer origin = ByteBuffer.allocate(view.size("origin"));
        view.read("origin", origin);
        assertThat(new String(origin.array(), StandardCharsets.UTF_8)).isEqualTo("camera 2");
        assertThat(acl(gz)).contains("user:nobody:---");
    }

    @Test
    void anAclTheFolderWouldGiveNewFilesIsNotAddedToTheGz() throws IOException {
        assumeThat(Tools.run(List.of("sh", "-c", "command -v setfacl"), new byte[0]).status())
                .as("setfacl (Debian package acl)").isZero();
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Path file = Files.write(shared.resolve("plain.txt"), Samples.text(10_000, 10));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(Tools.run(List.of("setfacl", "-d", "-m", "u:nobody:rwx", shared.toString()), new byte[0]).status())
                .isZero();

        FileResult r = compress(new ZlibEngine(), file, options);

        Path gz = shared.resolve("plain.txt.gz");
        assertThat(r.status()).isEqualTo(FileStatus.SUCCESS);
        assertThat(acl(gz)).doesNotContain("nobody");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(gz))).isEqualTo("rw-------");
    }

    @ParameterizedTest(name = "unnamed temporary file: {0}")
    @ValueSource(booleans = {true, false})
    void aFolderRenamedWhileCompressingLeavesNoTemporaryFile(boolean unnamed) throws IOException {
        SafeOutput.Held.unnamedFiles = unnamed;
        Path inbox = Files.createDirectory(dir.resolve("inbox"));
        byte[] data = Samples.text(100_000, 11);
        Path file = Files.write(inbox.resolve("mail.txt"), data);
        Path moved = dir.resolve("archive");
        GzipEngine renaming = Meddling.afterReading(() -> Files.move(inbox, moved));

        FileResult r = compress(renaming, file, options);

        assertThat(tree(dir)).noneMatch(SafeOutput::isTemporary);
        // the file moved with its folder: compressed there, or kept there whole
        if (r.status() == FileStatus.SUCCESS && !r.originalKept()) {
            assertThat(Tools.gunzip(Files.readAllBytes(moved.resolve("mail.txt.gz")))).isEqualTo(data);
        } else {
            assertThat(Files.readAllBytes(moved.resolve("mail.txt"))).isEqualTo(data);
        }
    }

    @ParameterizedTest(name = "unnamed temporary file: {0}")
    @ValueSource(booleans = {true, false})
    void aFolderDeletedWhileCompressingLeavesNothingBehind(boolean unnamed) throws IOException {
        SafeOutput.Held.unnamedFiles = unnamed;
        Path inbox = Files.createDirectory(dir.resolve("inbox"));
        Path file = Files.write(inbox.resolve("mail.txt"), Samples.text(100_000, 12));
        GzipEngine deleting = Meddling.afterReading(() -> {
            for (Path p : tree(inbox).reversed()) {
                Files.delete(p);
            }
            Files.delete(inbox);
        });

        FileResult r = compress(deleting, file, options);

        assertThat(r.status()).isEqualTo(FileStatus.FAILED);
        assertThat(r.detail()).endsWith("(original kept)");
        assertThat(tree(dir)).isEmpty();
    }

    @Test
    void aFolderAboveTheFileSwappedForALinkAfterDiscoveryLeadsNowhere() throws IOException {
        Path inbox = Files.createDirectory(dir.resolve("inbox"));
        byte[] mine = Samples.text(20_000, 14);
        Files.write(inbox.resolve("mail.txt"), mine);
        Path theirs = Files.createDirectory(dir.resolve("theirs"));
        Files.writeString(theirs.resolve("mail.txt"), "someone else's mail");
        Discovery.Found found = Discovery.discover(List.of(inbox), false, Cancellation.none());
        // another user who can write dir puts a link where the folder was
        Files.move(inbox, dir.resolve("inbox.moved"));
        Files.createSymbolicLink(inbox, theirs);

        BatchResult result = new BatchRunner(new ZlibEngine(), options, Incompressible.COMPRESS,
                new BatchRunner.Listener() { }).run(AdaptiveScheduler.plan(Plan.Strategy.ADAPTIVE, found.inputs(), 2,
                AdaptiveScheduler.DEFAULT_THRESHOLD));

        FileResult r = result.results().getFirst();
        assertThat(r.status()).isEqualTo(FileStatus.FAILED);
        assertThat(r.detail()).isEqualTo("its folder " + inbox + " was replaced or moved since it was found"
                + "; a link put in its path is not followed (original kept)");
        assertThat(Files.readString(theirs.resolve("mail.txt"))).isEqualTo("someone else's mail");
        assertThat(theirs.resolve("mail.txt.gz")).doesNotExist();
        assertThat(Files.readAllBytes(dir.resolve("inbox.moved/mail.txt"))).isEqualTo(mine);
    }

    @Test
    void aFileNamedThroughALinkTheUserGaveIsCompressed() throws IOException {
        Path real = Files.createDirectory(dir.resolve("real"));
        byte[] data = Samples.text(20_000, 15);
        Files.write(real.resolve("a.txt"), data);
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        Discovery.Found found = Discovery.discover(List.of(link.resolve("a.txt")), false, Cancellation.none());

        BatchResult result = new BatchRunner(new ZlibEngine(), options, Incompressible.COMPRESS,
                new BatchRunner.Listener() { }).run(AdaptiveScheduler.plan(Plan.Strategy.ADAPTIVE, found.inputs(), 2,
                AdaptiveScheduler.DEFAULT_THRESHOLD));

        assertThat(result.results()).singleElement().satisfies(r -> assertThat(r.status()).as(r.detail())
                .isEqualTo(FileStatus.SUCCESS));
        assertThat(Tools.gunzip(Files.readAllBytes(real.resolve("a.txt.gz")))).isEqualTo(data);
    }

    @Test
    void namesThatAreNotTextAreSkippedAndNeverShareAnOutput() throws IOException {
        // caf\xe9 and caf\xe8 (Latin-1 names, not UTF-8): both read back as "caf\uFFFD.txt"
        // and a folder named r\xe9sum\xe9, whose file's path cannot be named as text either
        assertThat(Tools.run(List.of("sh", "-c", "cd \"$1\" && printf one > \"$(printf 'caf\\351.txt')\""
                + " && printf two > \"$(printf 'caf\\350.txt')\" && printf ok > fine.txt"
                + " && mkdir \"$(printf 'r\\351sum\\351')\" && printf in > \"$(printf 'r\\351sum\\351')/in.txt\"",
                "sh", dir.toString()), new byte[0]).status()).isZero();

        Discovery.Found found = Discovery.discover(List.of(dir), true, Cancellation.none());
        BatchResult result = new BatchRunner(new ZlibEngine(), options.withForce(true), Incompressible.COMPRESS,
                new BatchRunner.Listener() { }).run(AdaptiveScheduler.plan(Plan.Strategy.ADAPTIVE, found.inputs(), 2,
                AdaptiveScheduler.DEFAULT_THRESHOLD));

        assertThat(found.inputs()).extracting(i -> i.path().getFileName().toString()).containsExactly("fine.txt");
        assertThat(found.setAside()).hasSize(3).allSatisfy(s -> {
            assertThat(s.result().status()).isEqualTo(FileStatus.SKIPPED);
            assertThat(s.result().detail())
                    .startsWith("its name, or the name of a folder it is in, is not valid UTF-8 text");
        });
        assertThat(result.results()).extracting(FileResult::status).containsExactly(FileStatus.SUCCESS);
        // named on the command line, such a name arrives with the replacement character: said as such
        assertThat(Discovery.discover(List.of(dir.resolve("caf\uFFFD.txt")), false, Cancellation.none()).setAside())
                .singleElement().satisfies(s -> assertThat(s.result().detail()).startsWith("its name, or the name"));
        Tools.Run listing = Tools.run(List.of("sh", "-c", "cd \"$1\" && cat \"$(printf 'caf\\351.txt')\""
                + " \"$(printf 'caf\\350.txt')\" && ls", "sh", dir.toString()), new byte[0]);
        // both originals whole, and no name with U+FFFD (bytes EF BF BD) made
        assertThat(new String(listing.stdout(), StandardCharsets.ISO_8859_1)).startsWith("onetwo")
                .doesNotContain("\u00ef\u00bf\u00bd").contains("fine.txt.gz");
    }

    @Test
    void aFileThatCannotBeRemovedSaysWhyInTheSystemsWords() throws IOException {
        assumeThat(Tools.run(List.of("sh", "-c", "command -v chattr"), new byte[0]).status()).isZero();
        Path file = write("frozen.txt", Samples.text(10_000, 13));
        assumeThat(Tools.run(List.of("chattr", "+i", file.toString()), new byte[0]).status())
                .as("an immutable file (root, on a file system that has the flag)").isZero();
        try {
            FileResult r = compress(new ZlibEngine(), file, options);

            assertThat(r.status()).isEqualTo(FileStatus.SUCCESS);
            assertThat(r.originalKept()).isTrue();
            assertThat(r.detail()).isEqualTo("original kept: cannot remove it: operation not permitted");
            assertThat(file).exists();
        } finally {
            Tools.run(List.of("chattr", "-i", file.toString()), new byte[0]);
        }
    }

    private static String acl(Path file) {
        Tools.Run r = Tools.run(List.of("getfacl", "--omit-header", "--absolute-names", file.toString()), new byte[0]);
        assertThat(r.status()).as(r.stderr()).isZero();
        return new String(r.stdout(), StandardCharsets.UTF_8);
    }

    private FileResult compress(GzipEngine engine, Path file, CompressOptions o) {
        return new FileCompressor(engine, o).compress(file, Progress.NONE, Cancellation.none());
    }

    private Path write(String name, byte[] data) throws IOException {
        return Files.write(dir.resolve(name), data);
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }

    /** Everything under {@code folder}, folders before what they hold. */
    private static List<Path> tree(Path folder) throws IOException {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(p -> !p.equals(folder)).sorted(Comparator.naturalOrder()).toList();
        }
    }

    /** A small ext4 with 128-byte inodes, whose timestamps have whole seconds only. */
    static final class OneSecondFileSystem {
        static Path mount(Path under) throws IOException {
            Path image = under.resolve("fs.img");
            Path mount = Files.createDirectory(under.resolve("mnt"));
            try (var f = Files.newByteChannel(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                f.position(16L << 20).write(ByteBuffer.wrap(new byte[1]));
            }
            boolean made = Tools.run(List.of("mkfs.ext4", "-q", "-F", "-I", "128", image.toString()), new byte[0])
                    .status() == 0
                    && Tools.run(List.of("mount", "-o", "loop", image.toString(), mount.toString()), new byte[0])
                    .status() == 0;
            if (!made) {
                Files.deleteIfExists(image);
                Files.delete(mount);
                return null;
            }
            return mount;
        }

        static void unmount(Path mount) throws IOException {
            Tools.run(List.of("umount", mount.toString()), new byte[0]);
            Files.delete(mount);
            Files.delete(mount.resolveSibling("fs.img"));
        }
    }
}

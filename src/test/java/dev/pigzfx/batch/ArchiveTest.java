package dev.pigzfx.batch;

import dev.pigzfx.engine.Cancellation;
import dev.pigzfx.engine.Engines;
import dev.pigzfx.engine.GzipEngine;
import dev.pigzfx.testing.Samples;
import dev.pigzfx.testing.Tools;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Folders to one {@code .tar.gz} and back, against GNU tar, gzip, pigz and Python's tarfile: what
 * goes in comes out (names, links, modes, times, empty folders), archives of other tools open, an
 * archive that would write outside its folder is refused entry by entry, and a cancel or damage
 * leaves nothing behind.
 */
@EnabledOnOs(value = {OS.LINUX, OS.MAC}, disabledReason = "compares modes, links and the tar program of a POSIX system")
class ArchiveTest {

    @TempDir
    Path dir;

    private GzipEngine engine;

    @BeforeEach
    void engine() throws IOException {
        engine = Engines.AUTO.create();
    }

    @AfterEach
    void caseRuleOff() {
        ArchiveExtractor.assumeFoldsCase = false;
    }

    private static final String LONG_FOLDER = "a folder whose name is long ".repeat(5).trim();
    private static final String LONG_FILE = "and a file whose name is longer still ".repeat(6).trim() + ".txt";

    /** A tree with what archives get wrong: long and non-ASCII names, links, an empty folder, modes and times. */
    private Path tree() throws IOException {
        Path root = Files.createDirectories(dir.resolve("project"));
        Path docs = Files.createDirectories(root.resolve("docs"));
        Files.write(docs.resolve("readme.txt"), Samples.text(200_000, 1));
        Files.write(docs.resolve("ünïcödé ☃ naïve.txt"), "snow\n".getBytes(StandardCharsets.UTF_8));
        Path deep = Files.createDirectories(root.resolve(LONG_FOLDER).resolve(LONG_FOLDER));
        Files.write(deep.resolve(LONG_FILE), Samples.text(5_000, 2));
        Files.createDirectories(root.resolve("empty"));
        Path tool = Files.write(Files.createDirectories(root.resolve("bin")).resolve("tool.sh"),
                "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-x---"));
        Path secret = Files.write(root.resolve("secret.txt"), "mine\n".getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Files.write(root.resolve("data.bin"), Samples.random(300_000, 3));
        Files.createSymbolicLink(root.resolve("latest"), Path.of("docs/readme.txt"));
        Files.createSymbolicLink(root.resolve("dangling"), Path.of("nowhere"));
        Files.createLink(docs.resolve("readme-again.txt"), docs.resolve("readme.txt"));
        long t = Instant.parse("2021-03-04T05:06:07Z").getEpochSecond();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!Files.isSymbolicLink(p)) {
                    Files.setLastModifiedTime(p, FileTime.from(Instant.ofEpochSecond(t += 3600)));
                }
            }
        }
        return root;
    }

    /**
     * Everything a user would check of a tree, by path: kind, mode, modification time (files and
     * folders), contents' CRC-32, link target, and which files share an inode.
     */
    static Map<String, String> describe(Path root) throws IOException {
        Map<String, String> d = new TreeMap<>();
        Map<Object, String> inodes = new java.util.HashMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path p, BasicFileAttributes a) throws IOException {
                d.put(root.relativize(p) + "/", "folder " + mode(p) + " " + a.lastModifiedTime().toInstant().getEpochSecond());
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path p, BasicFileAttributes a) throws IOException {
                String name = root.relativize(p).toString();
                if (a.isSymbolicLink()) {
                    d.put(name, "link -> " + Files.readSymbolicLink(p));
                } else {
                    CRC32 crc = new CRC32();
                    crc.update(Files.readAllBytes(p));
                    String first = inodes.putIfAbsent(a.fileKey(), name);
                    d.put(name, "file " + mode(p) + " " + a.lastModifiedTime().toInstant().getEpochSecond() + " "
                            + a.size() + " " + Long.toHexString(crc.getValue())
                            + (first == null ? "" : " same as " + first));
                }
                return FileVisitResult.CONTINUE;
            }
        });
        // a folder's time moves when its entries are made: the root's is the extractor's choice
        d.remove("/");
        return d;
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    private ArchiveMaker.Outcome make(List<Path> inputs, Path target) {
        return new ArchiveMaker(engine, CompressOptions.defaults().withThreads(2), false)
                .make(inputs, target, new ArchiveMaker.Listener() { }, Cancellation.none());
    }

    private static ArchiveExtractor.Outcome extract(Path archive, Path into) {
        return new ArchiveExtractor(2, false).extract(archive, into, ArchiveExtractor.Listener.NONE,
                Cancellation.none());
    }

    private static Tools.Run tar(Path in, String... args) {
        List<String> command = new ArrayList<>(List.of("tar", "-C", in.toString()));
        command.addAll(Arrays.asList(args));
        return Tools.run(command, new byte[0]);
    }

    @Test
    void aFolderGoesInWholeAndGnuTarAndPigzFxGiveItBack() throws IOException {
        Path root = tree();
        Map<String, String> before = describe(root);

        ArchiveMaker.Outcome made = make(List.of(root), ArchiveMaker.defaultTarget(List.of(root)));

        FileResult r = made.archive();
        assertThat(r.status()).as(r.detail()).isEqualTo(FileStatus.SUCCESS);
        Path archive = dir.resolve("project.tar.gz");
        assertThat(r.output()).isEqualTo(archive);
        assertThat(r.detail()).contains("6 files").contains("6 folders").contains("3 links");
        assertThat(r.originalKept()).isTrue();
        assertThat(describe(root)).as("the originals are untouched").isEqualTo(before);
        assertThat(Tools.test("gzip", Files.readAllBytes(archive)).status()).isZero();
        Path plain = Files.createFile(dir.resolve("any new file"));
        assertThat(Files.getPosixFilePermissions(archive)).as("the mode any new file of the user's gets")
                .isEqualTo(Files.getPosixFilePermissions(plain));
        Tools.assertPigzAccepts(Files.readAllBytes(archive));

        Tools.Run listing = tar(dir, "-tvzf", archive.toString());
        assertThat(listing.status()).as(listing.stderr()).isZero();
        String list = new String(listing.stdout(), StandardCharsets.UTF_8);
        assertThat(list).contains("project/docs/ünïcödé ☃ naïve.txt").contains(LONG_FILE)
                .contains("project/latest -> docs/readme.txt").contains("project/empty/")
                .contains("link to project/docs/readme-again.txt").contains("-rwxr-x---");

        Path byTar = Files.createDirectories(dir.resolve("by-tar"));
        Tools.Run x = tar(byTar, "-xzf", archive.toString());
        assertThat(x.status()).as(x.stderr()).isZero();
        assertThat(describe(byTar.resolve("project"))).isEqualTo(before);

        Files.move(root, dir.resolve("original"));
        ArchiveExtractor.Outcome back = extract(archive, null);
        assertThat(back.archive().status()).as(back.archive().detail()).isEqualTo(FileStatus.SUCCESS);
        assertThat(back.refused()).isEmpty();
        assertThat(back.archive().output()).as("an archive of one folder gives that folder").isEqualTo(root);
        assertThat(describe(root)).isEqualTo(before);
        assertThat(leftovers(dir)).isEmpty();
    }

    @Test
    void theSameFolderGivesTheSameArchive() throws IOException {
        Path root = tree();

        make(List.of(root), dir.resolve("one.tar.gz"));
        make(List.of(root), dir.resolve("two.tar.gz"));

        assertThat(Tools.gunzip(Files.readAllBytes(dir.resolve("one.tar.gz"))))
                .isEqualTo(Tools.gunzip(Files.readAllBytes(dir.resolve("two.tar.gz"))));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"tar czf", "tar --format=posix czf", "tar --format=ustar czf", "tar cf | pigz -p 2",
            "python tarfile pax", "python tarfile gnu", "bsdtar czf", "7-Zip"})
    void archivesOfOtherToolsOpen(String maker) throws IOException {
        Path root = tree();
        if (maker.contains("ustar")) {
            // ustar's limits: names of 100 bytes (plus a 155-byte prefix), no long link targets
            Files.walk(root.resolve(LONG_FOLDER)).sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        Map<String, String> before = describe(root);
        Path archive = dir.resolve("theirs.tgz");
        if (maker.equals("bsdtar czf")) {
            Tools.needProgram("bsdtar", "Debian: apt-get install libarchive-tools");
        } else if (maker.equals("7-Zip")) {
            Tools.needProgram("7zz", "Debian: apt-get install 7zip");
        }
        Tools.Run made = switch (maker) {
            case "bsdtar czf" -> Tools.run(List.of("bsdtar", "-C", dir.toString(), "-czf", archive.toString(),
                    "project"), new byte[0]);
            // 7-Zip makes a .tar.gz in two steps, the tar, then its gzip
            case "7-Zip" -> Tools.run(List.of("sh", "-c", "cd \"$1\" && 7zz a -bd -snl -ttar project.tar project"
                    + " && 7zz a -bd -tgzip \"$2\" project.tar && rm project.tar", "sh", dir.toString(),
                    archive.toString()), new byte[0]);
            case "tar cf | pigz -p 2" -> Tools.run(List.of("sh", "-c", "tar -C \"$1\" -cf - project | pigz -p 2 > \"$2\"",
                    "sh", dir.toString(), archive.toString()), new byte[0]);
            case "python tarfile pax", "python tarfile gnu" -> Tools.run(List.of("python3", "-c",
                    "import sys, tarfile\n"
                            + "fmt = tarfile.PAX_FORMAT if sys.argv[3] == 'pax' else tarfile.GNU_FORMAT\n"
                            + "with tarfile.open(sys.argv[2], 'w:gz', format=fmt) as t: t.add(sys.argv[1], 'project')",
                    root.toString(), archive.toString(), maker.substring(maker.lastIndexOf(' ') + 1)), new byte[0]);
            default -> {
                List<String> command = new ArrayList<>(List.of("tar", "-C", dir.toString()));
                String[] options = maker.substring(4).split(" ");
                options[options.length - 1] = "-" + options[options.length - 1];
                command.addAll(Arrays.asList(options));
                command.addAll(List.of(archive.toString(), "project"));
                yield Tools.run(command, new byte[0]);
            }
        };
        assertThat(made.status()).as(made.stderr()).isZero();
        Files.move(root, dir.resolve("original"));

        ArchiveExtractor.Outcome back = extract(archive, null);

        assertThat(back.archive().status()).as(back.archive().detail()).isEqualTo(FileStatus.SUCCESS);
        assertThat(back.refused()).isEmpty();
        Map<String, String> after = describe(root);
        if (maker.startsWith("python") || maker.equals("7-Zip")) {
            // 7-Zip stores a second hard link as a copy of the file, and tarfile may store either name
            // first: the files, their data and all else still agree
            before.replaceAll((k, v) -> v.replaceAll(" same as .*", ""));
            after.replaceAll((k, v) -> v.replaceAll(" same as .*", ""));
        }
        assertThat(after).isEqualTo(before);
    }

    /** An archive of the kind that has broken extractors (zip-slip), built entry by entry. */
    private Path evilArchive() throws IOException {
        Path archive = dir.resolve("evil.tar.gz");
        try (OutputStream file = Files.newOutputStream(archive);
             GZIPOutputStream gz = new GZIPOutputStream(file);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gz, "UTF-8")) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            file(tar, "good/ok.txt", "fine");
            file(tar, "../escape.txt", "out");
            file(tar, "/tmp/absolute.txt", "out");
            file(tar, "good/../../up.txt", "out");
            link(tar, "etc", TarConstants.LF_SYMLINK, "/etc");
            link(tar, "up", TarConstants.LF_SYMLINK, "good/../..");
            link(tar, "here", TarConstants.LF_SYMLINK, ".");
            file(tar, "here/through.txt", "through a link");
            link(tar, "passwd", TarConstants.LF_LINK, "/etc/passwd");
            link(tar, "outside", TarConstants.LF_LINK, "../evil.tar.gz");
            link(tar, "device", TarConstants.LF_CHR, "");
            link(tar, "pipe", TarConstants.LF_FIFO, "");
            file(tar, "good/last.txt", "fine too");
        }
        return archive;
    }

    private static void file(TarArchiveOutputStream tar, String name, String text) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(data.length);
        tar.putArchiveEntry(e);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    private static void link(TarArchiveOutputStream tar, String name, byte kind, String to) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, kind, true);
        e.setLinkName(to);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    @Test
    void entriesThatWouldWriteOutsideAreRefusedEachNamed() throws IOException {
        Path archive = evilArchive();
        Path into = Files.createDirectories(dir.resolve("sandbox/inside"));

        ArchiveExtractor.Outcome out = extract(archive, into);

        assertThat(out.archive().status()).isEqualTo(FileStatus.SUCCESS);
        assertThat(out.refused()).extracting(FileResult::detail).containsExactly(
                "entry ../escape.txt refused: its name leads out of the folder (..)",
                "entry /tmp/absolute.txt refused: its name is an absolute path",
                "entry good/../../up.txt refused: its name leads out of the folder (..)",
                "entry etc refused: its link points to an absolute path (/etc)",
                "entry up refused: its link points out of the folder (good/../..)",
                "entry here/through.txt refused: its path goes through the symbolic link here (not followed)",
                "entry passwd refused: its hard link points to no file extracted from this archive (/etc/passwd)",
                "entry outside refused: its hard link points to no file extracted from this archive (../evil.tar.gz)",
                "entry device refused: device files are not extracted",
                "entry pipe refused: FIFOs (named pipes) are not extracted");
        assertThat(out.refused()).allSatisfy(r -> assertThat(r.status()).isEqualTo(FileStatus.FAILED));
        assertThat(describe(dir.resolve("sandbox")).keySet()).containsExactlyInAnyOrder(
                "inside/", "inside/good/", "inside/good/ok.txt", "inside/good/last.txt", "inside/here");
        assertThat(dir.resolve("escape.txt")).doesNotExist();
        assertThat(dir.resolve("sandbox/escape.txt")).doesNotExist();
        assertThat(dir.resolve("up.txt")).doesNotExist();
        assertThat(Path.of("/tmp/absolute.txt")).doesNotExist();
    }

    @Test
    void whereCaseFoldsANameDifferingOnlyInCaseIsRefused() throws IOException {
        ArchiveExtractor.assumeFoldsCase = true;
        Path archive = dir.resolve("case.tar.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(archive));
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out, "UTF-8")) {
            file(tar, "Readme.txt", "first");
            file(tar, "README.txt", "second would replace the first");
            file(tar, "other.txt", "kept");
        }

        ArchiveExtractor.Outcome out = extract(archive, null);

        assertThat(out.refused()).extracting(FileResult::detail).containsExactly("entry README.txt refused: its name"
                + " differs from Readme.txt only in case, which this file system does not tell apart");
        assertThat(dir.resolve("case/Readme.txt")).hasContent("first");
        assertThat(dir.resolve("case/other.txt")).hasContent("kept");
    }

    @Test
    void anExistingFolderIsNeverMergedIntoUnasked() throws IOException {
        Path root = tree();
        Path archive = make(List.of(root), dir.resolve("project.tar.gz")).archive().output();
        Map<String, String> before = describe(root);

        ArchiveExtractor.Outcome second = extract(archive, null);

        assertThat(second.archive().output()).isEqualTo(dir.resolve("project (2)"));
        assertThat(second.archive().detail()).contains("project exists, so into project (2)");
        assertThat(describe(dir.resolve("project (2)"))).isEqualTo(before);
        assertThat(describe(root)).isEqualTo(before);

        // into a folder the user names: beside what is there, replacing nothing
        Path into = Files.createDirectories(dir.resolve("into"));
        Files.writeString(into.resolve("mine.txt"), "mine");
        assertThat(extract(archive, into).archive().status()).isEqualTo(FileStatus.SUCCESS);
        assertThat(into.resolve("mine.txt")).hasContent("mine");
        assertThat(describe(into.resolve("project"))).isEqualTo(before);
        ArchiveExtractor.Outcome again = extract(archive, into);
        assertThat(again.archive().status()).isEqualTo(FileStatus.FAILED);
        assertThat(again.archive().detail()).contains(into.resolve("project") + " exists; nothing of the archive was put in");
        assertThat(describe(into.resolve("project"))).isEqualTo(before);
        assertThat(leftovers(into)).isEmpty();
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "renames by descriptor that refuse to replace are Linux's")
    void aNameAnotherUserMakesInTheFolderMergedIntoStaysTheirsAndNothingOfTheArchiveIsHalfIn() throws IOException {
        Path archive = dir.resolve("two.tar.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(archive));
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out, "UTF-8")) {
            file(tar, "a.txt", "first of the archive");
            file(tar, "b.txt", "second of the archive");
        }
        Path into = Files.createDirectories(dir.resolve("shared"));
        ArchiveExtractor.beforeMerging = folder -> {
            try {
                Files.writeString(folder.resolve("b.txt"), "another user's");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        ArchiveExtractor.Outcome out;
        try {
            out = extract(archive, into);
        } finally {
            ArchiveExtractor.beforeMerging = folder -> { };
        }

        assertThat(out.archive().status()).isEqualTo(FileStatus.FAILED);
        assertThat(out.archive().detail()).contains("b.txt appeared meanwhile; nothing of the archive was put in");
        assertThat(into.resolve("b.txt")).hasContent("another user's");
        assertThat(into.resolve("a.txt")).as("what was moved in went back").doesNotExist();
        assertThat(leftovers(into)).isEmpty();
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "the folder is held by descriptor on Linux")
    void aHiddenFolderSwappedForALinkMidExtractionSendsNothingThroughTheLinkAndPutsNothingInPlace()
            throws IOException {
        Path archive = dir.resolve("many.tar.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(archive));
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out, "UTF-8")) {
            for (int i = 0; i < 8; i++) {
                file(tar, "f" + i + ".txt", new String(Samples.text(1 << 20, i), StandardCharsets.ISO_8859_1));
            }
        }
        Path outside = Files.createDirectories(dir.resolve("outside"));
        boolean[] swapped = {false};
        // another user who may write the folder: the hidden folder moved away, a link put in its place
        ArchiveExtractor.Listener swap = (read, out) -> {
            if (swapped[0] || out == 0) {
                return;
            }
            try (Stream<Path> names = Files.list(dir)) {
                Path hidden = names.filter(p -> p.getFileName().toString().endsWith(SafeOutput.TEMP_SUFFIX))
                        .findFirst().orElseThrow();
                Files.move(hidden, dir.resolve("moved-away"));
                Files.createSymbolicLink(hidden, outside);
                swapped[0] = true;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };

        ArchiveExtractor.Outcome out = new ArchiveExtractor(2, false).extract(archive, null, swap, Cancellation.none());

        assertThat(swapped[0]).isTrue();
        assertThat(out.archive().status()).isEqualTo(FileStatus.FAILED);
        assertThat(out.archive().detail()).contains("was moved or replaced by another user");
        try (Stream<Path> through = Files.list(outside)) {
            assertThat(through.toList()).as("nothing written through the link").isEmpty();
        }
        assertThat(dir.resolve("many")).doesNotExist();
        try (Stream<Path> ours = Files.list(dir.resolve("moved-away"))) {
            assertThat(ours.toList()).as("what was written is removed from the folder it went to").isEmpty();
        }
    }

    @Test
    void aSparseFilesHolesAreArchivedAsTheZerosTheyReadAs() throws IOException {
        Path root = Files.createDirectories(dir.resolve("disks"));
        Path sparse = root.resolve("disk.img");
        try (var f = new java.io.RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(48L << 20);
            f.seek(20L << 20);
            f.write(Samples.text(300_000, 11));
            f.seek((48L << 20) - 4);
            f.write("end\n".getBytes(StandardCharsets.UTF_8));
        }
        Files.write(root.resolve("dense.bin"), Samples.random(3 << 20, 12));
        Map<String, String> before = describe(root);

        ArchiveMaker.Outcome made = make(List.of(root), dir.resolve("disks.tar.gz"));
        Files.move(root, dir.resolve("original"));
        ArchiveExtractor.Outcome back = extract(dir.resolve("disks.tar.gz"), null);

        assertThat(made.archive().status()).as(made.archive().detail()).isEqualTo(FileStatus.SUCCESS);
        assertThat(back.archive().status()).as(back.archive().detail()).isEqualTo(FileStatus.SUCCESS);
        assertThat(describe(root)).isEqualTo(before);
        Tools.Run listing = tar(dir, "-tvzf", dir.resolve("disks.tar.gz").toString());
        assertThat(new String(listing.stdout(), StandardCharsets.UTF_8)).contains(" " + (48L << 20) + " ");
    }

    @Test
    void aDamagedArchiveGivesNothingAndSaysSo() throws IOException {
        Path root = tree();
        Path archive = make(List.of(root), dir.resolve("project.tar.gz")).archive().output();
        byte[] bytes = Files.readAllBytes(archive);
        bytes[bytes.length / 2] ^= 0x40;
        Path damaged = Files.write(dir.resolve("damaged.tar.gz"), bytes);

        ArchiveExtractor.Outcome out = extract(damaged, null);

        assertThat(out.archive().status()).isEqualTo(FileStatus.FAILED);
        assertThat(out.archive().detail()).contains("nothing extracted");
        assertThat(dir.resolve("damaged")).doesNotExist();
        assertThat(dir.resolve("project (2)")).doesNotExist();
        assertThat(leftovers(dir)).isEmpty();
    }

    @Test
    void cancelLeavesNoArchiveAndNoFolder() throws IOException {
        Path root = tree();
        Files.write(root.resolve("big.log"), Samples.text(24_000_000, 9));
        Map<String, String> before = describe(root);
        Cancellation cancel = new Cancellation();

        ArchiveMaker.Outcome made = new ArchiveMaker(engine, CompressOptions.defaults().withThreads(2), true)
                .make(List.of(root), dir.resolve("project.tar.gz"), new ArchiveMaker.Listener() {
                    @Override
                    public void progress(long bytesRead, long bytesWritten) {
                        if (bytesRead > 0) {
                            cancel.cancel();
                        }
                    }
                }, cancel);

        assertThat(made.archive().status()).isEqualTo(FileStatus.CANCELLED);
        assertThat(dir.resolve("project.tar.gz")).doesNotExist();
        assertThat(describe(root)).isEqualTo(before);
        assertThat(leftovers(dir)).isEmpty();

        Path archive = make(List.of(root), dir.resolve("project.tar.gz")).archive().output();
        Files.move(root, dir.resolve("original"));
        Cancellation cancelExtract = new Cancellation();
        ArchiveExtractor.Outcome out = new ArchiveExtractor(2, false).extract(archive, null,
                new ArchiveExtractor.Listener() {
                    @Override
                    public void progress(long archiveBytesRead, long bytesOut) {
                        if (bytesOut > 0) {
                            cancelExtract.cancel();
                        }
                    }
                }, cancelExtract);

        assertThat(out.archive().status()).isEqualTo(FileStatus.CANCELLED);
        assertThat(root).doesNotExist();
        assertThat(leftovers(dir)).isEmpty();
    }

    @Test
    void removeFilesRemovesWhatWasArchivedAndKeepsWhatChanged() throws IOException {
        Path root = tree();
        Path changing = root.resolve("docs/changing.txt");
        Files.writeString(changing, "as archived");
        Map<String, String> before = describe(root);

        ArchiveMaker.Outcome made = new ArchiveMaker(engine, CompressOptions.defaults().withThreads(2), true)
                .make(List.of(root), dir.resolve("project.tar.gz"), new ArchiveMaker.Listener() {
                    @Override
                    public void testing() {
                        try {
                            Files.writeString(changing, "changed after it was read");
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                }, Cancellation.none());

        assertThat(made.archive().status()).isEqualTo(FileStatus.SUCCESS);
        assertThat(made.archive().originalKept()).isTrue();
        assertThat(made.passedOver()).extracting(r -> root.relativize(r.source()) + ": " + r.detail())
                .contains("docs/changing.txt: original kept: it changed after it was archived",
                        "docs/readme.txt: original kept: it has 2 hard links",
                        "docs: folder kept: it still holds files");
        assertThat(changing).hasContent("changed after it was read");
        assertThat(root.resolve("data.bin")).doesNotExist();
        assertThat(root.resolve("empty")).doesNotExist();
        assertThat(root.resolve("latest")).doesNotExist();

        Files.move(root, dir.resolve("what-was-left"));
        ArchiveExtractor.Outcome back = extract(dir.resolve("project.tar.gz"), null);
        assertThat(describe(back.archive().output())).isEqualTo(before);
    }

    @Test
    void setUserIdIsRestoredOnlyWhenAsked() throws IOException {
        Path root = Files.createDirectories(dir.resolve("tools"));
        Path tool = Files.writeString(root.resolve("tool"), "#!/bin/sh\n");
        Files.setAttribute(tool, "unix:mode", 04755);
        Path archive = make(List.of(root), dir.resolve("tools.tar.gz")).archive().output();
        Files.move(root, dir.resolve("original"));

        extract(archive, null);
        int plain = (Integer) Files.getAttribute(root.resolve("tool"), "unix:mode");
        ArchiveExtractor.Outcome asked = new ArchiveExtractor(2, true).extract(archive, null,
                ArchiveExtractor.Listener.NONE, Cancellation.none());
        int special = (Integer) Files.getAttribute(asked.archive().output().resolve("tool"), "unix:mode");

        assertThat(plain & 07777).isEqualTo(0755);
        assertThat(special & 07777).isEqualTo(04755);
    }

    @Test
    void aFifoIsPassedOverWithWhyAndTheRestArchived() throws IOException {
        Path root = Files.createDirectories(dir.resolve("with-fifo"));
        Files.writeString(root.resolve("a.txt"), "a");
        Tools.Run mkfifo = Tools.run(List.of("mkfifo", root.resolve("pipe").toString()), new byte[0]);
        assertThat(mkfifo.status()).isZero();

        ArchiveMaker.Outcome made = make(List.of(root), dir.resolve("with-fifo.tar.gz"));

        assertThat(made.archive().status()).isEqualTo(FileStatus.SUCCESS);
        assertThat(made.passedOver()).singleElement().satisfies(r -> {
            assertThat(r.source()).isEqualTo(root.resolve("pipe"));
            assertThat(r.status()).isEqualTo(FileStatus.SKIPPED);
            assertThat(r.detail()).isEqualTo("a FIFO (named pipe) is not archived");
        });
        assertThat(made.entries()).isEqualTo(2);
    }

    @Test
    void aFileRemovedOrSwappedForALinkAsItIsAboutToBeReadIsPassedOverAndTheRestArchived() throws IOException {
        Path root = Files.createDirectories(dir.resolve("shared"));
        Files.writeString(root.resolve("a.txt"), "a");
        Files.writeString(root.resolve("b.txt"), "b");
        Files.writeString(root.resolve("c.txt"), "c");
        Files.createLink(root.resolve("d.txt"), root.resolve("b.txt"));
        // another user, between the look at each file and its reading
        ArchiveMaker.beforeReading = path -> {
            try {
                if (path.endsWith("b.txt")) {
                    Files.delete(path);
                } else if (path.endsWith("c.txt")) {
                    Files.delete(path);
                    Files.createSymbolicLink(path, Path.of("/etc/hostname"));
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        ArchiveMaker.Outcome made;
        try {
            made = make(List.of(root), dir.resolve("shared.tar.gz"));
        } finally {
            ArchiveMaker.beforeReading = path -> { };
        }

        assertThat(made.archive().status()).as(made.archive().detail()).isEqualTo(FileStatus.SUCCESS);
        assertThat(made.passedOver()).extracting(r -> r.source().getFileName() + ": " + r.detail()).containsExactly(
                "b.txt: it was removed before it was archived",
                "c.txt: it was replaced by another kind of file before it was archived");
        Tools.Run list = Tools.run(List.of("tar", "-tvzf", dir.resolve("shared.tar.gz").toString()), new byte[0]);
        assertThat(list.status()).as(list.stderr()).isZero();
        // d.txt, b.txt's other name, is a file of its own once b.txt is gone: it is archived whole
        assertThat(new String(list.stdout(), StandardCharsets.UTF_8).lines().map(l -> l.replaceAll(".* ", "")))
                .containsExactly("shared/", "shared/a.txt", "shared/d.txt");
        assertThat(made.archive().detail()).startsWith("2 files, 1 folder");
    }

    /** PigzFX's temporary files and folders under {@code folder}. */
    static List<Path> leftovers(Path folder) throws IOException {
        try (Stream<Path> all = Files.walk(folder)) {
            return all.filter(p -> p.getFileName().toString().endsWith(SafeOutput.TEMP_SUFFIX)).toList();
        }
    }
}

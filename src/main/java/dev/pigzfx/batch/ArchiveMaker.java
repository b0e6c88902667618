package dev.pigzfx.batch;

import dev.pigzfx.engine.Cancellation;
import dev.pigzfx.engine.CompressionResult;
import dev.pigzfx.engine.GzipEngine;
import dev.pigzfx.engine.GzipHeader;
import dev.pigzfx.engine.GzipJob;
import dev.pigzfx.engine.IntegrityTest;
import dev.pigzfx.engine.Progress;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/**
 * Files and folders to one {@code .tar.gz}, in one pass: the tar stream is made by one thread and
 * compressed by the engine on every core as it comes, through a {@link Pipe}, with no {@code .tar}
 * on disk and a bounded amount in memory.
 *
 * <p>The archive is as safe as any output: written under a temporary name ({@link SafeOutput}),
 * synced, then read back through the tar reader, each entry's name, kind, size and CRC-32 compared
 * with what was read, and only then renamed into place. Originals are removed only when asked, and
 * only after that; each one only if it is still the file that was read.
 *
 * <p>Entries are in a fixed order (each folder, then its entries sorted by name), with POSIX (PAX)
 * headers: long and non-ASCII names, sizes over 8 GiB, mode, owner and group by number and name,
 * modification time to the second. Symbolic links are stored as links, never followed; a file with
 * several hard links is stored once and then as links to that entry; sockets, FIFOs and devices are
 * passed over, each with why.
 */
public final class ArchiveMaker {

    /** The names an archive may end in, and {@link #stem} takes off. */
    private static final List<String> SUFFIXES = List.of(".tar.gz", ".tgz", ".taz");
    private static final boolean UNIX = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews()
            .contains("unix");
    private static final String UNIX_ATTRIBUTES = "unix:mode,uid,gid,nlink,ino,dev,size,lastModifiedTime";
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFLNK = 0120000;
    /** Pieces of tar stream between the tar writer and the compressor. */
    private static final int PIPE_PIECES = 16;

    /** How an archive went, as it goes; called from the batch's threads. */
    public interface Listener {
        /** The inputs were read: {@code files} regular files of {@code bytes} bytes in all. */
        default void scanned(int entries, int files, long bytes) {
        }

        /** Bytes of the files read into the archive so far, and bytes of archive written. */
        default void progress(long bytesRead, long bytesWritten) {
        }

        /** The archive is written, and is being read back. */
        default void testing() {
        }
    }

    /**
     * How an archive ended.
     *
     * @param archive    the archive's result: its source is the input (or the inputs' folder), its output the archive
     * @param passedOver inputs not in the archive, and originals kept when their removal was asked, each with why
     * @param entries    entries in the archive
     */
    public record Outcome(FileResult archive, List<FileResult> passedOver, int entries) {
    }

    private enum Kind {
        FILE('f'), FOLDER('d'), SYMLINK('l'), HARDLINK('h');

        final char letter;

        Kind(char letter) {
            this.letter = letter;
        }
    }

    /**
     * One entry, as the walk finds it: the file, its name in the archive (folders end in "/"), and
     * what it was when looked at. Made and dropped one at a time: a folder of a million files is
     * never held in memory as a list of entries.
     */
    private record Item(Path path, String name, Kind kind, Meta meta, String linkTo) {
    }

    /** What an archive entry takes from a file: kind and mode bits, owner, size and time. */
    private record Meta(int mode, long uid, long gid, int nlink, String key, long size, FileTime modified) {

        int type() {
            return mode & S_IFMT;
        }
    }

    private final GzipEngine engine;
    private final CompressOptions options;
    private final boolean removeOriginals;
    private final Map<Long, String> userNames = new HashMap<>();
    private final Map<Long, String> groupNames = new HashMap<>();

    /**
     * @param removeOriginals whether to remove each file archived once the archive is proven (folders
     *                        too, when they end up empty)
     */
    public ArchiveMaker(GzipEngine engine, CompressOptions options, boolean removeOriginals) {
        this.engine = engine;
        this.options = options;
        this.removeOriginals = removeOriginals;
    }

    /**
     * The archive made of {@code inputs} when none is named: {@code NAME.tar.gz} beside an only
     * input, {@code FOLDER.tar.gz} beside the folder of several inputs that share one (named after
     * that folder).
     *
     * @throws IllegalArgumentException when the inputs are in different folders: an archive must then be named
     */
    public static Path defaultTarget(List<Path> inputs) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("nothing to archive");
        }
        List<Path> absolute = inputs.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        if (absolute.size() == 1) {
            Path only = absolute.getFirst();
            if (only.getFileName() == null) {
                throw new IllegalArgumentException("give the archive a name (-o) to archive " + only);
            }
            return only.resolveSibling(only.getFileName() + ".tar.gz");
        }
        Path folder = absolute.getFirst().getParent();
        for (Path p : absolute) {
            if (folder == null || !folder.equals(p.getParent())) {
                throw new IllegalArgumentException("the inputs are in different folders: give the archive a name (-o)");
            }
        }
        if (folder.getFileName() == null || folder.getParent() == null) {
            throw new IllegalArgumentException("give the archive a name (-o) to archive files of " + folder);
        }
        return folder.resolveSibling(folder.getFileName() + ".tar.gz");
    }

    /** Whether {@code file} is named as a gzipped tar archive: {@code .tar.gz}, {@code .tgz} or {@code .taz}. */
    public static boolean isArchiveName(Path file) {
        return stem(file) != null;
    }

    /** The name without its archive suffix ({@code photos} for {@code photos.tar.gz}), or null when it has none. */
    static String stem(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return null;
        }
        String text = name.toString();
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        for (String suffix : SUFFIXES) {
            if (lower.endsWith(suffix) && lower.length() > suffix.length()) {
                return text.substring(0, text.length() - suffix.length());
            }
        }
        return null;
    }

    /**
     * Makes {@code target} of {@code inputs}. A failure, a cancel or damage found by the test leaves
     * no archive and every original; the outcome says which and why.
     */
    public Outcome make(List<Path> inputs, Path target, Listener listener, Cancellation cancel) {
        return make(inputs, Set.of(), target, listener, cancel);
    }

    /**
     * Makes {@code target} of {@code inputs} without {@code leftOut} (files and folders under them
     * the user took out of the list).
     *
     * <p>The inputs are walked twice: once to count what is to come (the progress is by bytes over
     * the whole), once as the tar stream is written. What the second walk finds is what goes in;
     * memory holds a fingerprint of each entry (8 bytes), not the entries.
     */
    public Outcome make(List<Path> inputs, Set<Path> leftOut, Path target, Listener listener, Cancellation cancel) {
        long start = System.nanoTime();
        Path archive = target.toAbsolutePath().normalize();
        Path source = inputs.size() == 1 ? inputs.getFirst().toAbsolutePath().normalize() : archive.getParent();
        List<FileResult> passedOver = new ArrayList<>();
        List<Path> roots = roots(inputs, passedOver);
        Walk walk = new Walk(roots, leftOut, archive, cancel);
        Count count = new Count();
        try {
            walk.run(count);
        } catch (CancellationException e) {
            return new Outcome(FileResult.cancelled(source, 0, System.nanoTime() - start), passedOver, 0);
        } catch (IOException e) {
            return new Outcome(FileResult.failed(source, 0, Reasons.withFile(e), System.nanoTime() - start),
                    passedOver, 0);
        }
        listener.scanned(count.entries, count.files, count.bytes);
        if (count.entries == 0) {
            passedOver.addAll(count.passedOver);
            return new Outcome(FileResult.failed(source, 0, "nothing to archive", System.nanoTime() - start),
                    passedOver, 0);
        }
        long bytes = count.bytes;
        if (!options.force() && Files.exists(archive, LinkOption.NOFOLLOW_LINKS)) {
            return new Outcome(FileResult.failed(source, bytes, archive + " exists (-f replaces it); nothing written",
                    System.nanoTime() - start), passedOver, 0);
        }
        int stale = SafeOutput.removeStale(archive);
        try (SafeOutput.Named output = SafeOutput.Named.createNew(archive, bytes)) {
            Writer written = write(walk, output, bytes, listener, cancel);
            listener.testing();
            test(output.written(), written, cancel);
            output.finishNew();
            output.publish(options.force(), true);
            passedOver.addAll(written.passedOver);
            String detail = written.describe() + (stale == 0 ? "" : "; removed what an interrupted run left");
            boolean kept = true;
            if (removeOriginals) {
                List<FileResult> notRemoved = removeOriginals(written.toRemove);
                passedOver.addAll(notRemoved);
                kept = !notRemoved.isEmpty();
            }
            long size = Files.size(archive);
            listener.progress(bytes, size);
            return new Outcome(new FileResult(source, archive, FileStatus.SUCCESS, written.result.bytesRead(), size,
                    written.result.crc32(), kept, detail, System.nanoTime() - start), passedOver, written.fingerprints.size);
        } catch (CancellationException e) {
            return new Outcome(new FileResult(source, null, FileStatus.CANCELLED, bytes, 0, 0, true,
                    "cancelled: no archive written, every original kept", System.nanoTime() - start), passedOver, 0);
        } catch (FileAlreadyExistsException e) {
            return new Outcome(FileResult.failed(source, bytes, archive + " appeared meanwhile (-f replaces it);"
                    + " nothing written", System.nanoTime() - start), passedOver, 0);
        } catch (IOException | UncheckedIOException e) {
            return new Outcome(FileResult.failed(source, bytes, "archive " + archive.getFileName() + " not written: "
                    + Reasons.withFile(e instanceof UncheckedIOException u ? u.getCause() : (IOException) e)
                    + "; every original kept", System.nanoTime() - start), passedOver, 0);
        }
    }

    /**
     * The inputs, absolute and sorted by name; one that has no name (a file system's root) or whose
     * name another input already has is passed over, said in {@code passedOver}.
     */
    private static List<Path> roots(List<Path> inputs, List<FileResult> passedOver) {
        List<Path> sorted = inputs.stream().map(p -> p.toAbsolutePath().normalize())
                .sorted(java.util.Comparator.comparing(p -> String.valueOf(p.getFileName()))).toList();
        List<Path> roots = new ArrayList<>();
        Map<String, Path> names = new HashMap<>();
        for (Path root : sorted) {
            if (root.getFileName() == null) {
                passedOver.add(FileResult.failed(root, 0, "a file system's root cannot be archived by name;"
                        + " archive the folders in it", 0));
                continue;
            }
            Path earlier = names.putIfAbsent(root.getFileName().toString(), root);
            if (earlier != null) {
                passedOver.add(FileResult.failed(root, 0, "not archived: " + earlier + " has the same name", 0));
                continue;
            }
            roots.add(root);
        }
        return roots;
    }

    // ---- the walk -----------------------------------------------------------------------------

    /** What the walk tells: each entry in order, and each file it passes over. */
    private interface Visitor {
        void entry(Item item) throws IOException;

        void passOver(Path path, boolean named, String why);
    }

    /**
     * The inputs in a fixed order: each folder, then its entries sorted by name, without following
     * a link. A file with several hard links is a {@link Kind#HARDLINK} to its first name from its
     * second on, as far as the visitor has taken the first ({@link #linked}).
     */
    private final class Walk {
        private final List<Path> roots;
        private final Set<Path> leftOut;
        private final Path archive;
        private final Cancellation cancel;
        /** The first name of each file with several links, by file key, once it is in the archive. */
        private final Map<String, String> firstNames = new HashMap<>();

        Walk(List<Path> roots, Set<Path> leftOut, Path archive, Cancellation cancel) {
            this.roots = roots;
            this.leftOut = leftOut;
            this.archive = archive;
            this.cancel = cancel;
        }

        void run(Visitor visitor) throws IOException {
            firstNames.clear();
            for (Path root : roots) {
                add(root, root.getFileName().toString(), visitor, true);
            }
        }

        /** The file with several links that {@code item} is is in the archive, under {@code item}'s name. */
        void linked(Item item) {
            if (item.meta.nlink > 1 && item.meta.key != null) {
                firstNames.putIfAbsent(item.meta.key, item.name);
            }
        }

        private void add(Path path, String name, Visitor visitor, boolean named) throws IOException {
            cancel.throwIfCancelled();
            if (path.equals(archive) || SafeOutput.isTemporary(path) || leftOut.contains(path)) {
                return;
            }
            if (!FileCompressor.nameIsText(path)) {
                visitor.passOver(path, named, "its name is not valid text here, and a tar name must be");
                return;
            }
            Meta meta;
            try {
                meta = meta(path);
            } catch (NoSuchFileException e) {
                visitor.passOver(path, named, named ? "no such file or folder" : "it was removed before it was archived");
                return;
            } catch (IOException e) {
                visitor.passOver(path, named, "cannot look at it: " + Reasons.of(e));
                return;
            }
            switch (meta.type()) {
                case S_IFREG -> {
                    String first = meta.nlink > 1 && meta.key != null ? firstNames.get(meta.key) : null;
                    visitor.entry(first == null ? new Item(path, name, Kind.FILE, meta, null)
                            : new Item(path, name, Kind.HARDLINK, meta, first));
                }
                case S_IFLNK -> {
                    String to;
                    try {
                        to = Files.readSymbolicLink(path).toString();
                    } catch (IOException e) {
                        visitor.passOver(path, named, "cannot read the link: " + Reasons.of(e));
                        return;
                    }
                    visitor.entry(new Item(path, name, Kind.SYMLINK, meta, to));
                }
                case S_IFDIR -> {
                    List<Path> children = new ArrayList<>();
                    try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
                        entries.forEach(children::add);
                    } catch (IOException | java.nio.file.DirectoryIteratorException e) {
                        visitor.passOver(path, true, "cannot read the folder: " + Reasons.of(
                                e instanceof java.nio.file.DirectoryIteratorException d ? d.getCause() : (IOException) e));
                        return;
                    }
                    visitor.entry(new Item(path, name + "/", Kind.FOLDER, meta, null));
                    children.sort(java.util.Comparator.comparing(p -> p.getFileName().toString()));
                    for (Path child : children) {
                        add(child, name + "/" + child.getFileName(), visitor, false);
                    }
                }
                default -> visitor.passOver(path, named, switch (meta.type()) {
                    case 0010000 -> "a FIFO (named pipe) is not archived";
                    case 0140000 -> "a socket is not archived";
                    default -> "a device file is not archived";
                });
            }
        }
    }

    /** The first walk: what is to come, for the progress. */
    private static final class Count implements Visitor {
        int entries;
        int files;
        long bytes;
        /** Said only when nothing at all is to be archived; the second walk says them otherwise. */
        final List<FileResult> passedOver = new ArrayList<>();

        @Override
        public void entry(Item item) {
            entries++;
            if (item.kind == Kind.FILE) {
                files++;
                bytes += item.meta.size;
            }
        }

        @Override
        public void passOver(Path path, boolean named, String why) {
            passedOver.add(skipped(path, named, why));
        }
    }

    private static FileResult skipped(Path path, boolean named, String why) {
        return named ? FileResult.failed(path, 0, why, 0) : FileResult.skipped(path, 0, why);
    }

    private Meta meta(Path path) throws IOException {
        if (UNIX) {
            Map<String, Object> a = Files.readAttributes(path, UNIX_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            long uid = ((Number) a.get("uid")).longValue();
            long gid = ((Number) a.get("gid")).longValue();
            if (!userNames.containsKey(uid) || !groupNames.containsKey(gid)) {
                var posix = Files.readAttributes(path, java.nio.file.attribute.PosixFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                userNames.putIfAbsent(uid, posix.owner().getName());
                groupNames.putIfAbsent(gid, posix.group().getName());
            }
            int nlink = (Integer) a.get("nlink");
            // as Java's file key reads (the same text Libc.Stat gives): kept only where it is needed,
            // for a file of several links, or to check each file again before it is removed
            String key = nlink > 1 && (mode & S_IFMT) != S_IFDIR || removeOriginals
                    ? "(dev=" + Long.toHexString((Long) a.get("dev")) + ",ino=" + a.get("ino") + ")" : null;
            return new Meta(mode, uid, gid, nlink, key, (Long) a.get("size"), (FileTime) a.get("lastModifiedTime"));
        }
        var basic = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        int type = basic.isDirectory() ? S_IFDIR : basic.isSymbolicLink() ? S_IFLNK
                : basic.isRegularFile() ? S_IFREG : 0140000;
        int mode = type | (type == S_IFDIR ? 0755 : 0644);
        return new Meta(mode, 0, 0, 1, null, basic.size(), basic.lastModifiedTime());
    }

    // ---- writing ------------------------------------------------------------------------------

    /**
     * Runs as each file is about to be opened, after the walk looked at it: tests put another
     * user's change there, in the moment between the look and the read.
     */
    static volatile java.util.function.Consumer<Path> beforeReading = path -> { };

    /** A growing list of longs: each entry's fingerprint, in order. */
    private static final class Longs {
        long[] values = new long[1024];
        int size;

        void add(long v) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }
    }

    /** A file archived that may be removed once the archive is proven: what it was when read. */
    private record Archived(Item item, boolean changed) {
    }

    /**
     * The second walk: writes each entry to the tar stream (a file only if it can still be read as
     * the file found), and keeps each entry's fingerprint for the test.
     */
    private final class Writer implements Visitor {
        private final Walk walk;
        private final TarArchiveOutputStream tar;
        private final Cancellation cancel;
        private final byte[] buffer = new byte[Pipe.PIECE];
        final Longs fingerprints = new Longs();
        final List<FileResult> passedOver = new ArrayList<>();
        /** Only when the originals are to be removed: what was archived, deepest last. */
        final List<Archived> toRemove = new ArrayList<>();
        int files;
        int folders;
        int links;
        int changed;
        /** The tar stream's length and CRC-32, as the compressor counted them. */
        CompressionResult result;

        Writer(Walk walk, TarArchiveOutputStream out, Cancellation cancel) {
            this.walk = walk;
            this.tar = out;
            this.cancel = cancel;
        }

        String describe() {
            return files + (files == 1 ? " file, " : " files, ") + folders + (folders == 1 ? " folder" : " folders")
                    + (links == 0 ? "" : ", " + links + (links == 1 ? " link" : " links"))
                    + (changed == 0 ? "" : "; " + changed + (changed == 1 ? " file" : " files")
                    + " changed while archived: the archive holds what was read");
        }

        @Override
        public void passOver(Path path, boolean named, String why) {
            passedOver.add(skipped(path, named, why));
        }

        /** {@code length} zeros into the tar and the CRC-32: a hole, which reads as zeros, not read. */
        private void zeros(long length, CRC32 crc) throws IOException {
            for (long left = length; left > 0; ) {
                cancel.throwIfCancelled();
                int n = (int) Math.min(ZEROS.length, left);
                crc.update(ZEROS, 0, n);
                tar.write(ZEROS, 0, n);
                left -= n;
            }
        }

        @Override
        public void entry(Item item) throws IOException {
            cancel.throwIfCancelled();
            TarArchiveEntry entry = switch (item.kind) {
                case FOLDER, FILE -> new TarArchiveEntry(item.name);
                case SYMLINK -> new TarArchiveEntry(item.name, TarConstants.LF_SYMLINK);
                case HARDLINK -> new TarArchiveEntry(item.name, TarConstants.LF_LINK);
            };
            Meta meta = item.meta;
            entry.setMode(meta.mode);
            entry.setUserId(meta.uid);
            entry.setGroupId(meta.gid);
            entry.setUserName(userNames.getOrDefault(meta.uid, ""));
            entry.setGroupName(groupNames.getOrDefault(meta.gid, ""));
            entry.setModTime(FileTime.from(meta.modified.to(TimeUnit.SECONDS), TimeUnit.SECONDS));
            if (item.linkTo != null) {
                entry.setLinkName(item.linkTo);
            }
            if (item.kind != Kind.FILE) {
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
                fingerprints.add(fingerprint(item.name, item.kind, item.linkTo, 0, 0));
                if (item.kind == Kind.FOLDER) {
                    folders++;
                } else {
                    links++;
                }
                if (removeOriginals) {
                    toRemove.add(new Archived(item, false));
                }
                return;
            }
            beforeReading.accept(item.path);
            Original original;
            try {
                original = Original.look(item.path);
            } catch (IOException e) {
                passOver(item.path, false, unreadable(e));
                return;
            }
            try (original) {
                if (!original.attributes().isRegularFile()) {
                    passOver(item.path, false, "it was replaced by another kind of file before it was archived");
                    return;
                }
                long size = original.attributes().size();
                FileChannel in;
                try {
                    in = original.openForReading();
                } catch (IOException e) {
                    passOver(item.path, false, unreadable(e));
                    return;
                }
                entry.setSize(size);
                tar.putArchiveEntry(entry);
                CRC32 crc = new CRC32();
                Holes holes = size >= SPARSE_FROM ? Holes.of(original) : null;
                long at = 0;
                while (at < size) {
                    long dataEnd = size;
                    if (holes != null) {
                        // a hole reads as zeros: they are written, not read, and the disk is spared
                        long data = holes.nextData(at, size);
                        if (data > at) {
                            zeros(data - at, crc);
                            at = data;
                            continue;
                        }
                        dataEnd = holes.nextHole(at, size);
                    }
                    while (at < dataEnd) {
                        cancel.throwIfCancelled();
                        int n = in.read(ByteBuffer.wrap(buffer, 0, (int) Math.min(buffer.length, dataEnd - at)), at);
                        if (n < 0) {
                            throw new IOException(item.path + " shrank while it was archived (" + at + " of "
                                    + size + " bytes)");
                        }
                        crc.update(buffer, 0, n);
                        tar.write(buffer, 0, n);
                        at += n;
                    }
                }
                tar.closeArchiveEntry();
                fingerprints.add(fingerprint(item.name, Kind.FILE, null, size, (int) crc.getValue()));
                files++;
                walk.linked(item);
                boolean hasChanged = original.changedSince(size) != null;
                if (hasChanged) {
                    changed++;
                }
                if (removeOriginals) {
                    toRemove.add(new Archived(item, hasChanged));
                }
            }
        }
    }

    /** Files from this size on are asked where their holes are: a smaller one has none worth a call. */
    private static final long SPARSE_FROM = 1 << 20;
    private static final byte[] ZEROS = new byte[Pipe.PIECE];

    /** A file's holes, as its file system tells them (Linux, by descriptor); null where it cannot. */
    private record Holes(Libc libc, int fd, Path path) {

        static Holes of(Original original) {
            return original instanceof Original.Held held && Libc.find().isPresent()
                    ? new Holes(Libc.find().get(), held.descriptor(), held.path) : null;
        }

        /** Where data starts at or after {@code at}; {@code size} when only a hole is left. */
        long nextData(long at, long size) throws IOException {
            long data = libc.seek(fd, at, Libc.SEEK_DATA, path);
            return data < 0 ? size : Math.min(data, size);
        }

        /** Where the data from {@code at} ends: the next hole, or {@code size}. */
        long nextHole(long at, long size) throws IOException {
            long hole = libc.seek(fd, at, Libc.SEEK_HOLE, path);
            return hole <= at ? size : Math.min(hole, size);
        }
    }

    /** Why a file found by the walk could not be read into the archive, in words. */
    private static String unreadable(IOException e) {
        return switch (e) {
            case NoSuchFileException gone -> "it was removed before it was archived";
            case Original.ChangedException changed -> "it " + changed.getMessage();
            default -> "cannot read it: " + Reasons.of(e);
        };
    }

    /**
     * What identifies an entry for the test, in 64 bits: its name, kind and link, and for a file its
     * length and CRC-32. Any difference in what is read back changes it, but for a chance of 2^-64.
     */
    private static long fingerprint(String name, Kind kind, String linkTo, long size, int crc) {
        long h = 0xcbf29ce484222325L; // FNV-1a, over the name, the kind and the link
        for (byte b : (name + '\0' + kind.letter + (linkTo == null ? "" : linkTo)).getBytes(
                java.nio.charset.StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h ^= size * 0x9e3779b97f4a7c15L;
        h ^= (crc & 0xffffffffL) * 0xc2b2ae3d27d4eb4fL;
        return h ^ (h >>> 31);
    }

    private Writer write(Walk walk, SafeOutput.Named output, long bytes, Listener listener, Cancellation cancel)
            throws IOException {
        GzipJob job = new GzipJob(options.level(), options.threads(), options.blockSize(),
                new GzipHeader(null, System.currentTimeMillis() / 1000));
        Progress progress = (in, out) -> listener.progress(Math.min(bytes, in), out);
        Pipe.Both<Writer, CompressionResult> both = Pipe.connect("pigzfx-tar", PIPE_PIECES, sink -> {
            try (TarArchiveOutputStream tar = tarOutput(sink)) {
                Writer writer = new Writer(walk, tar, cancel);
                walk.run(writer);
                tar.finish();
                return writer;
            }
        }, tarStream -> engine.compress(tarStream, output.stream(), job, progress, cancel), cancel);
        both.written().result = both.read();
        return both.written();
    }

    private static TarArchiveOutputStream tarOutput(java.io.OutputStream out) {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        return tar;
    }

    // ---- the test -----------------------------------------------------------------------------

    /**
     * Reads the archive back: every gzip member's CRC-32 and length, the whole tar stream against
     * what was compressed, and each entry, in order, against the fingerprint of what was written.
     */
    private void test(FileChannel archive, Writer written, Cancellation cancel) throws IOException {
        Longs expected = written.fingerprints;
        IntegrityTest.Report r = Pipe.connect("pigzfx-tar-test", PIPE_PIECES,
                sink -> IntegrityTest.decompress(archive, options.threads(), Progress.NONE, cancel, sink),
                data -> {
                    compare(new TarArchiveInputStream(data, "UTF-8"), expected, cancel);
                    data.transferTo(java.io.OutputStream.nullOutputStream()); // the zero blocks at the end
                    return null;
                }, cancel).written();
        if (r.uncompressedSize() != written.result.bytesRead() || r.crc32() != written.result.crc32()) {
            throw new IOException("the test of the archive failed: its data is not the tar stream written");
        }
    }

    /** Reads each entry of {@code tar} and compares its fingerprint with the one written, in order. */
    private static void compare(TarArchiveInputStream tar, Longs expected, Cancellation cancel) throws IOException {
        byte[] buffer = new byte[Pipe.PIECE];
        int i = 0;
        for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; i++) {
            cancel.throwIfCancelled();
            if (i >= expected.size) {
                throw new IOException("the test of the archive failed: it holds an entry more than was written, "
                        + entry.getName());
            }
            Kind kind = entry.isDirectory() ? Kind.FOLDER : entry.isSymbolicLink() ? Kind.SYMLINK
                    : entry.isLink() ? Kind.HARDLINK : Kind.FILE;
            long size = 0;
            CRC32 crc = new CRC32();
            if (kind == Kind.FILE) {
                for (int n; (n = tar.read(buffer)) > 0; size += n) {
                    crc.update(buffer, 0, n);
                }
            }
            long print = fingerprint(entry.getName(), kind, kind == Kind.SYMLINK || kind == Kind.HARDLINK
                    ? entry.getLinkName() : null, size, kind == Kind.FILE ? (int) crc.getValue() : 0);
            if (print != expected.values[i]) {
                throw new IOException("the test of the archive failed at " + entry.getName()
                        + ": it is not what was written");
            }
        }
        if (i != expected.size) {
            throw new IOException("the test of the archive failed: it holds " + i + " of " + expected.size
                    + " entries");
        }
    }

    // ---- removal ------------------------------------------------------------------------------

    /**
     * Removes each file archived that is still the file read, then each folder archived that is left
     * empty, deepest first; returns the originals kept, each with why.
     */
    private static List<FileResult> removeOriginals(List<Archived> archived) {
        List<FileResult> kept = new ArrayList<>();
        for (int i = archived.size() - 1; i >= 0; i--) {
            Item item = archived.get(i).item();
            String why = switch (item.kind) {
                case FILE, HARDLINK -> archived.get(i).changed()
                        ? "original kept: it changed while it was archived" : removeFile(item);
                case SYMLINK -> removeLink(item);
                case FOLDER -> removeFolder(item);
            };
            if (!why.isEmpty()) {
                kept.add(new FileResult(item.path, null, FileStatus.SKIPPED, item.meta.size, 0, 0, true, why, 0));
            }
        }
        return kept;
    }

    private static String removeFile(Item item) {
        try (Original original = Original.look(item.path)) {
            var now = original.attributes();
            original.openForReading();
            String key = now instanceof Libc.Stat s ? s.javaFileKey() : String.valueOf(now.fileKey());
            if (!now.isRegularFile() || now.size() != item.meta.size
                    || !now.lastModifiedTime().equals(item.meta.modified)
                    || item.meta.key != null && !item.meta.key.equals(key)) {
                return "original kept: it changed after it was archived";
            }
            if (item.kind == Kind.HARDLINK || item.meta.nlink > 1) {
                return "original kept: it has " + item.meta.nlink + " hard links";
            }
            return original.remove();
        } catch (IOException e) {
            return "original kept: " + Reasons.of(e);
        }
    }

    private static String removeLink(Item item) {
        try {
            if (!Files.isSymbolicLink(item.path)
                    || !Files.readSymbolicLink(item.path).toString().equals(item.linkTo)) {
                return "link kept: it changed after it was archived";
            }
            Files.delete(item.path);
            return "";
        } catch (IOException e) {
            return "link kept: " + Reasons.of(e);
        }
    }

    private static String removeFolder(Item item) {
        try {
            Files.delete(item.path); // only an empty folder can be removed
            return "";
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            return "folder kept: it still holds files";
        } catch (IOException e) {
            return "folder kept: " + Reasons.of(e);
        }
    }
}

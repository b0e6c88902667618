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

    private enum Kind { FILE, FOLDER, SYMLINK, HARDLINK }

    /**
     * One entry to be: the file, its name in the archive (folders end in "/"), and what it was when
     * looked at.
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
     * Makes {@code target} of {@code inputs} without {@code left out} (files and folders under them
     * the user took out of the list).
     */
    public Outcome make(List<Path> inputs, Set<Path> leftOut, Path target, Listener listener, Cancellation cancel) {
        long start = System.nanoTime();
        Path archive = target.toAbsolutePath().normalize();
        Path source = inputs.size() == 1 ? inputs.getFirst().toAbsolutePath().normalize()
                : archive.getParent();
        List<FileResult> passedOver = new ArrayList<>();
        List<Item> items;
        try {
            items = scan(inputs, leftOut, archive, passedOver, cancel);
        } catch (CancellationException e) {
            return new Outcome(FileResult.cancelled(source, 0, System.nanoTime() - start), passedOver, 0);
        }
        long bytes = items.stream().filter(i -> i.kind == Kind.FILE).mapToLong(i -> i.meta.size).sum();
        int files = (int) items.stream().filter(i -> i.kind == Kind.FILE).count();
        listener.scanned(items.size(), files, bytes);
        if (items.isEmpty()) {
            return new Outcome(FileResult.failed(source, 0, "nothing to archive", System.nanoTime() - start),
                    passedOver, 0);
        }
        if (!options.force() && Files.exists(archive, LinkOption.NOFOLLOW_LINKS)) {
            return new Outcome(FileResult.failed(source, bytes, archive + " exists (-f replaces it); nothing written",
                    System.nanoTime() - start), passedOver, 0);
        }
        int stale = SafeOutput.removeStale(archive);
        try (SafeOutput.Named output = SafeOutput.Named.create(archive, bytes, null)) {
            Written written = write(items, output, bytes, listener, cancel);
            listener.testing();
            test(output.written(), items, written, cancel);
            output.finishNew();
            output.publish(options.force(), true);
            for (int i = 0; i < items.size(); i++) {
                if (!written.in(i)) {
                    Item item = items.get(i);
                    boolean named = inputs.stream().anyMatch(p -> p.toAbsolutePath().normalize().equals(item.path));
                    passedOver.add(skipped(item.path, named, written.passed[i]));
                }
            }
            List<Item> in = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                if (written.in(i)) {
                    in.add(items.get(i));
                }
            }
            String detail = describe(in) + written.notes()
                    + (stale == 0 ? "" : "; removed what an interrupted run left");
            boolean kept = true;
            if (removeOriginals) {
                List<FileResult> notRemoved = removeOriginals(items, written);
                passedOver.addAll(notRemoved);
                kept = !notRemoved.isEmpty();
            }
            long size = Files.size(archive);
            listener.progress(bytes, size);
            return new Outcome(new FileResult(source, archive, FileStatus.SUCCESS, written.tar.bytesRead(), size,
                    written.tar.crc32(), kept, detail, System.nanoTime() - start), passedOver, in.size());
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

    private static String describe(List<Item> items) {
        long files = items.stream().filter(i -> i.kind == Kind.FILE).count();
        long folders = items.stream().filter(i -> i.kind == Kind.FOLDER).count();
        long links = items.size() - files - folders;
        return files + (files == 1 ? " file, " : " files, ") + folders + (folders == 1 ? " folder" : " folders")
                + (links == 0 ? "" : ", " + links + (links == 1 ? " link" : " links"));
    }

    // ---- what goes in -------------------------------------------------------------------------

    private List<Item> scan(List<Path> inputs, Set<Path> leftOut, Path archive, List<FileResult> passedOver,
                            Cancellation cancel) {
        List<Path> roots = inputs.stream().map(p -> p.toAbsolutePath().normalize())
                .sorted(java.util.Comparator.comparing(p -> String.valueOf(p.getFileName()))).toList();
        List<Item> items = new ArrayList<>();
        Map<String, Path> topNames = new HashMap<>();
        Map<String, String> firstLinks = new HashMap<>();
        for (Path root : roots) {
            if (root.getFileName() == null) {
                passedOver.add(FileResult.failed(root, 0, "a file system's root cannot be archived by name;"
                        + " archive the folders in it", 0));
                continue;
            }
            String name = root.getFileName().toString();
            Path earlier = topNames.putIfAbsent(name, root);
            if (earlier != null) {
                passedOver.add(FileResult.failed(root, 0, "not archived: " + earlier + " has the same name", 0));
                continue;
            }
            add(root, name, leftOut, archive, items, firstLinks, passedOver, cancel, true);
        }
        return items;
    }

    private void add(Path path, String name, Set<Path> leftOut, Path archive, List<Item> items,
                     Map<String, String> firstLinks, List<FileResult> passedOver, Cancellation cancel, boolean named) {
        cancel.throwIfCancelled();
        if (path.equals(archive) || SafeOutput.isTemporary(path) || leftOut.contains(path)) {
            return;
        }
        if (!FileCompressor.nameIsText(path)) {
            passedOver.add(skipped(path, named, "its name is not valid text here, and a tar name must be"));
            return;
        }
        Meta meta;
        try {
            meta = meta(path);
        } catch (NoSuchFileException e) {
            passedOver.add(skipped(path, named, named ? "no such file or folder"
                    : "it was removed before it was archived"));
            return;
        } catch (IOException e) {
            passedOver.add(skipped(path, named, "cannot look at it: " + Reasons.of(e)));
            return;
        }
        switch (meta.type()) {
            case S_IFREG -> {
                String first = meta.nlink > 1 && meta.key != null ? firstLinks.putIfAbsent(meta.key, name) : null;
                items.add(first == null ? new Item(path, name, Kind.FILE, meta, null)
                        : new Item(path, name, Kind.HARDLINK, meta, first));
            }
            case S_IFLNK -> {
                try {
                    String to = Files.readSymbolicLink(path).toString();
                    items.add(new Item(path, name, Kind.SYMLINK, meta, to));
                } catch (IOException e) {
                    passedOver.add(skipped(path, named, "cannot read the link: " + Reasons.of(e)));
                }
            }
            case S_IFDIR -> {
                items.add(new Item(path, name + "/", Kind.FOLDER, meta, null));
                List<Path> children = new ArrayList<>();
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
                    entries.forEach(children::add);
                } catch (IOException | java.nio.file.DirectoryIteratorException e) {
                    passedOver.add(FileResult.failed(path, 0, "cannot read the folder: " + Reasons.of(
                            e instanceof java.nio.file.DirectoryIteratorException d ? d.getCause() : (IOException) e), 0));
                    return;
                }
                children.sort(java.util.Comparator.comparing(p -> p.getFileName().toString()));
                for (Path child : children) {
                    add(child, name + "/" + child.getFileName(), leftOut, archive, items, firstLinks, passedOver,
                            cancel, false);
                }
            }
            default -> passedOver.add(skipped(path, named, switch (meta.type()) {
                case 0010000 -> "a FIFO (named pipe) is not archived";
                case 0140000 -> "a socket is not archived";
                default -> "a device file is not archived";
            }));
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
            // as Java's file key reads: the same text Libc.Stat gives for a file held by descriptor
            String key = "(dev=" + Long.toHexString((Long) a.get("dev")) + ",ino=" + a.get("ino") + ")";
            return new Meta(mode, uid, gid, (Integer) a.get("nlink"), key,
                    (Long) a.get("size"), (FileTime) a.get("lastModifiedTime"));
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
     * What was written: the tar stream's length and CRC-32 (the compressor's count), and each
     * file's length and CRC-32 as read, with remarks on files that changed as they were read.
     */
    private record Written(CompressionResult tar, long[] sizes, int[] crcs, boolean[] changed, String[] passed) {

        boolean in(int i) {
            return passed[i] == null;
        }

        String notes() {
            int n = 0;
            for (boolean c : changed) {
                n += c ? 1 : 0;
            }
            return n == 0 ? "" : "; " + n + (n == 1 ? " file" : " files")
                    + " changed while archived: the archive holds what was read";
        }
    }

    private Written write(List<Item> items, SafeOutput.Named output, long bytes, Listener listener,
                          Cancellation cancel) throws IOException {
        long[] sizes = new long[items.size()];
        int[] crcs = new int[items.size()];
        boolean[] changed = new boolean[items.size()];
        String[] passed = new String[items.size()];
        java.util.Set<String> filesIn = new java.util.HashSet<>();
        Pipe pipe = new Pipe(PIPE_PIECES);
        long[] read = new long[1];
        IOException[] failure = new IOException[1];
        Thread tarWriter = Thread.ofPlatform().name("pigzfx-tar").start(() -> {
            try (TarArchiveOutputStream tar = tarOutput(pipe.sink())) {
                for (int i = 0; i < items.size(); i++) {
                    cancel.throwIfCancelled();
                    Item item = items.get(i);
                    if (item.kind == Kind.HARDLINK && !filesIn.contains(item.linkTo)) {
                        passed[i] = "the file it is a hard link of could not be archived";
                        continue;
                    }
                    passed[i] = writeEntry(tar, item, i, sizes, crcs, changed, read, cancel);
                    if (passed[i] == null && item.kind == Kind.FILE) {
                        filesIn.add(item.name);
                    }
                }
                tar.finish();
            } catch (IOException e) {
                failure[0] = e;
                pipe.fail(e);
            } catch (CancellationException e) {
                pipe.fail(new IOException("cancelled"));
            } catch (RuntimeException e) {
                failure[0] = new IOException(e.toString(), e);
                pipe.fail(failure[0]);
            }
        });
        CompressionResult result;
        try (InputStream tarStream = pipe.source()) {
            GzipJob job = new GzipJob(options.level(), options.threads(), options.blockSize(),
                    new GzipHeader(null, System.currentTimeMillis() / 1000));
            Progress progress = (in, out) -> listener.progress(Math.min(bytes, in), out);
            result = engine.compress(tarStream, output.stream(), job, progress, cancel);
        } catch (IOException | RuntimeException e) {
            pipe.fail(new IOException("the compressor stopped"));
            join(tarWriter);
            cancel.throwIfCancelled();
            if (failure[0] != null) {
                throw failure[0];
            }
            throw e;
        }
        join(tarWriter);
        cancel.throwIfCancelled();
        if (failure[0] != null) {
            throw failure[0];
        }
        return new Written(result, sizes, crcs, changed, passed);
    }

    private static TarArchiveOutputStream tarOutput(java.io.OutputStream out) {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, "UTF-8");
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setAddPaxHeadersForNonAsciiNames(true);
        return tar;
    }

    /**
     * Writes one entry; a file that is gone, or cannot be opened, or is no longer a file, is passed
     * over before anything of it is written.
     *
     * @return why it was passed over, or null when it is in
     */
    private String writeEntry(TarArchiveOutputStream tar, Item item, int i, long[] sizes, int[] crcs,
                              boolean[] changed, long[] read, Cancellation cancel) throws IOException {
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
            return null;
        }
        Original original;
        try {
            original = Original.look(item.path);
        } catch (NoSuchFileException e) {
            return "it was removed before it was archived";
        } catch (IOException e) {
            return "cannot read it: " + Reasons.of(e);
        }
        try (original) {
            if (!original.attributes().isRegularFile()) {
                return "it was replaced by another kind of file before it was archived";
            }
            long size = original.attributes().size();
            InputStream in;
            try {
                in = original.open();
            } catch (Original.ChangedException e) {
                return "it " + e.getMessage();
            } catch (NoSuchFileException e) {
                return "it was removed before it was archived";
            } catch (IOException e) {
                return "cannot read it: " + Reasons.of(e);
            }
            entry.setSize(size);
            tar.putArchiveEntry(entry);
            CRC32 crc = new CRC32();
            byte[] buffer = new byte[Pipe.PIECE];
            long left = size;
            while (left > 0) {
                cancel.throwIfCancelled();
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException(item.path + " shrank while it was archived (" + (size - left) + " of "
                            + size + " bytes)");
                }
                crc.update(buffer, 0, n);
                tar.write(buffer, 0, n);
                left -= n;
                read[0] += n;
            }
            tar.closeArchiveEntry();
            sizes[i] = size;
            crcs[i] = (int) crc.getValue();
            changed[i] = original.changedSince(size) != null;
            return null;
        }
    }

    private static void join(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the test -----------------------------------------------------------------------------

    /**
     * Reads the archive back: every gzip member's CRC-32 and length, the whole tar stream against
     * what was compressed, and each entry, in order, against what was read.
     */
    private void test(FileChannel archive, List<Item> items, Written written, Cancellation cancel)
            throws IOException {
        Pipe pipe = new Pipe(PIPE_PIECES);
        IntegrityTest.Report[] report = new IntegrityTest.Report[1];
        IOException[] failure = new IOException[1];
        Thread inflater = Thread.ofPlatform().name("pigzfx-tar-test").start(() -> {
            try (var sink = pipe.sink()) {
                report[0] = IntegrityTest.decompress(archive, options.threads(), Progress.NONE, cancel, sink);
            } catch (IOException e) {
                failure[0] = e;
                pipe.fail(e);
            } catch (RuntimeException e) {
                failure[0] = new IOException(e.toString(), e);
                pipe.fail(failure[0]);
            }
        });
        try (InputStream data = pipe.source()) {
            TarArchiveInputStream tar = new TarArchiveInputStream(data, "UTF-8");
            byte[] buffer = new byte[Pipe.PIECE];
            int i = nextIn(written, 0);
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; i = nextIn(written, i + 1)) {
                cancel.throwIfCancelled();
                if (i >= items.size()) {
                    throw new IOException("the archive holds an entry more than was written: " + entry.getName());
                }
                Item item = items.get(i);
                String problem = differs(item, entry);
                if (problem == null && item.kind == Kind.FILE) {
                    CRC32 crc = new CRC32();
                    long size = 0;
                    for (int n; (n = tar.read(buffer)) > 0; size += n) {
                        crc.update(buffer, 0, n);
                    }
                    if (size != written.sizes[i] || (int) crc.getValue() != written.crcs[i]) {
                        problem = "its data differs from what was read";
                    }
                }
                if (problem != null) {
                    throw new IOException("the test of the archive failed at " + item.name + ": " + problem);
                }
            }
            if (i != items.size()) {
                throw new IOException("the test of the archive failed: it ends before " + items.get(i).name);
            }
            data.transferTo(java.io.OutputStream.nullOutputStream()); // the zero blocks at the end
        } catch (IOException | RuntimeException e) {
            pipe.fail(new IOException("the test stopped"));
            join(inflater);
            cancel.throwIfCancelled();
            throw failure[0] != null ? failure[0] : e instanceof IOException io ? io : new IOException(e.toString(), e);
        }
        join(inflater);
        cancel.throwIfCancelled();
        if (failure[0] != null) {
            throw failure[0];
        }
        IntegrityTest.Report r = report[0];
        if (r.uncompressedSize() != written.tar.bytesRead() || r.crc32() != written.tar.crc32()) {
            throw new IOException("the test of the archive failed: its data is not the tar stream written");
        }
    }

    /** The first item from {@code i} on that is in the archive (not passed over), or the number of items. */
    private static int nextIn(Written written, int i) {
        while (i < written.passed.length && !written.in(i)) {
            i++;
        }
        return i;
    }

    /** What differs between the entry planned and the entry read back, or null. */
    private static String differs(Item item, TarArchiveEntry entry) {
        if (!entry.getName().equals(item.name)) {
            return "its name reads back as " + entry.getName();
        }
        boolean kindAgrees = switch (item.kind) {
            case FILE -> entry.isFile();
            case FOLDER -> entry.isDirectory();
            case SYMLINK -> entry.isSymbolicLink() && entry.getLinkName().equals(item.linkTo);
            case HARDLINK -> entry.isLink() && entry.getLinkName().equals(item.linkTo);
        };
        return kindAgrees ? null : "its kind or link reads back differently";
    }

    // ---- removal ------------------------------------------------------------------------------

    /**
     * Removes each file archived that is still the file read, then each folder archived that is left
     * empty, deepest first; returns the originals kept, each with why.
     */
    private static List<FileResult> removeOriginals(List<Item> items, Written written) {
        List<FileResult> kept = new ArrayList<>();
        for (int i = items.size() - 1; i >= 0; i--) {
            Item item = items.get(i);
            if (!written.in(i)) {
                continue; // passed over, and said so
            }
            String why = switch (item.kind) {
                case FILE, HARDLINK -> item.kind == Kind.FILE && written.changed[i]
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

package dev.pigzfx.batch;

import dev.pigzfx.engine.Cancellation;
import dev.pigzfx.engine.IntegrityTest;
import dev.pigzfx.platform.Os;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.Normalizer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;

/**
 * A {@code .tar.gz} to a folder: decompressed on every core where its members allow (PigzFX's own
 * archives) and unpacked as it comes, through a {@link Pipe}.
 *
 * <p>Everything is written into a hidden folder of the user's alone beside the target, which only
 * this run writes to; the target appears, by one rename, only when the whole archive was read and
 * every gzip member's CRC-32 and length were right, its files synced. A failure or a cancel removes
 * the hidden folder: no half-written file is left. Into an existing folder ({@code -o DIR}), the
 * archive's top-level entries are moved in at the end, none replacing anything.
 *
 * <p>Refused, each named in the outcome: names that are absolute or lead out with {@code ..}, paths
 * through a symbolic link, symbolic links pointing out of the target, hard links to anything but a
 * file of the same archive, device files and FIFOs, and, where the file system does not tell case
 * apart, a name that differs from an earlier one only in case. Modes are restored without
 * set-user-ID, set-group-ID and sticky bits unless asked; modification times are restored, folders'
 * last. Runs of zeros in a file become holes, so a sparse file stays sparse.
 */
public final class ArchiveExtractor {

    private static final int MAX_NUMBERED = 1000;
    private static final byte[] ZEROS = new byte[Pipe.PIECE];
    private static final boolean POSIX = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews()
            .contains("posix");
    private static final int PIPE_PIECES = 16;

    /** How an extraction goes; called from its threads. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = (archiveBytesRead, bytesOut) -> { };

        /** Bytes of the archive read so far, and bytes unpacked. */
        void progress(long archiveBytesRead, long bytesOut);
    }

    /**
     * How an extraction ended.
     *
     * @param archive the archive's result: its output is the folder made, null when none was
     * @param refused each entry not extracted, with why
     * @param entries entries extracted
     */
    public record Outcome(FileResult archive, List<FileResult> refused, int entries) {
    }

    private final int threads;
    private final boolean specialBits;

    /**
     * @param specialBits whether to restore set-user-ID, set-group-ID and sticky bits
     */
    public ArchiveExtractor(int threads, boolean specialBits) {
        this.threads = Math.max(1, threads);
        this.specialBits = specialBits;
    }

    /** The folder an archive is extracted to by default: its name without {@code .tar.gz}, beside it. */
    public static Path defaultFolder(Path archive) {
        Path absolute = archive.toAbsolutePath().normalize();
        String stem = ArchiveMaker.stem(absolute);
        if (stem == null) {
            String name = absolute.getFileName().toString();
            int dot = name.lastIndexOf('.');
            stem = dot > 0 ? name.substring(0, dot) : name + ".d";
        }
        return absolute.resolveSibling(stem);
    }

    /** {@code folder}, or the first of {@code folder (2)}, {@code folder (3)}... that does not exist. */
    static Path freeName(Path folder) throws IOException {
        if (Files.notExists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return folder;
        }
        for (int n = 2; n <= MAX_NUMBERED; n++) {
            Path numbered = folder.resolveSibling(folder.getFileName() + " (" + n + ")");
            if (Files.notExists(numbered, LinkOption.NOFOLLOW_LINKS)) {
                return numbered;
            }
        }
        throw new FileAlreadyExistsException(folder.toString(), null, "it and " + MAX_NUMBERED + " numbered names exist");
    }

    /**
     * Extracts {@code archive}.
     *
     * @param into the folder to extract into (made if missing; an existing one gets the archive's
     *             entries beside its own, none replaced), or null for a new folder beside the archive,
     *             numbered if its name is taken
     */
    public Outcome extract(Path archive, Path into, Listener listener, Cancellation cancel) {
        long start = System.nanoTime();
        Path source = archive.toAbsolutePath().normalize();
        List<FileResult> refused = new ArrayList<>();
        long archiveSize = 0;
        Staging staging = null;
        try {
            BasicFileAttributes seen = Files.readAttributes(source, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!seen.isRegularFile()) {
                return new Outcome(FileResult.failed(source, 0, "not a regular file", 0), refused, 0);
            }
            archiveSize = seen.size();
            Path wanted = into == null ? defaultFolder(source) : into.toAbsolutePath().normalize();
            boolean merge = into != null && Files.isDirectory(wanted, LinkOption.NOFOLLOW_LINKS);
            if (into != null && !merge && Files.exists(wanted, LinkOption.NOFOLLOW_LINKS)) {
                return new Outcome(FileResult.failed(source, archiveSize, wanted + " exists and is not a folder", 0),
                        refused, 0);
            }
            Path home = merge ? wanted : wanted.getParent();
            Files.createDirectories(home);
            int stale = SafeOutput.removeStale(home.resolve(wanted.getFileName().toString()));
            staging = Staging.create(home, SafeOutput.hiddenName(wanted.getFileName().toString(),
                    SafeOutput.TEMP_SUFFIX));
            Unpacker unpacker = new Unpacker(source, staging.root, refused, cancel);
            IntegrityTest.Report report;
            try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                report = unpack(in, unpacker, listener, cancel);
            }
            unpacker.finish();
            Path target;
            String renamed = "";
            if (merge) {
                target = wanted;
                moveInto(staging, target);
            } else if (into != null) {
                target = wanted;
                publish(staging, null, target);
            } else {
                // an archive of one folder (the usual kind) gives that folder, not a folder around it
                String only = onlyFolder(staging.root);
                Path named = only == null ? wanted : home.resolve(only);
                target = freeName(named);
                publish(staging, only, target);
                renamed = target.equals(named) ? "" : "; " + named.getFileName() + " exists, so into "
                        + target.getFileName();
            }
            staging.close();
            staging = null;
            String detail = unpacker.describe()
                    + (refused.isEmpty() ? "" : "; " + refused.size() + (refused.size() == 1 ? " entry" : " entries")
                    + " refused") + renamed
                    + (stale == 0 ? "" : "; removed what an interrupted extraction left");
            return new Outcome(new FileResult(source, target, FileStatus.SUCCESS, report.uncompressedSize(),
                    archiveSize, report.crc32(), true, detail, System.nanoTime() - start), refused, unpacker.entries);
        } catch (CancellationException e) {
            return new Outcome(new FileResult(source, null, FileStatus.CANCELLED, 0, archiveSize, 0, true,
                    "cancelled: nothing extracted, the archive kept", System.nanoTime() - start), refused, 0);
        } catch (IntegrityTest.Failure e) {
            return new Outcome(FileResult.failed(source, archiveSize, "damaged: " + e.getMessage()
                    + "; nothing extracted", System.nanoTime() - start), refused, 0);
        } catch (IOException e) {
            return new Outcome(FileResult.failed(source, archiveSize, "not extracted: " + (e instanceof java.nio.file.FileSystemException f
                    && source.toString().equals(f.getFile()) ? Reasons.of(e) : Reasons.withFile(e)),
                    System.nanoTime() - start), refused, 0);
        } finally {
            if (staging != null) {
                staging.removeAll();
                staging.close();
            }
        }
    }

    /**
     * The hidden folder an extraction writes into, the user's alone (0700) until it is put in place.
     * On Linux it is held by descriptor and written through {@code /proc/self/fd/N}: should another
     * user who may write the folder around it swap its name for a link, the writes still land in
     * the folder made here, and the swap is found before anything is put in place.
     */
    private static final class Staging implements AutoCloseable {
        final Path named;
        /** Where the entries are written: the folder itself, by descriptor where the system allows. */
        final Path root;
        private final String name;
        private final Libc libc;
        private final Folder home;
        private final int fd;
        private final Libc.Stat made;

        private Staging(Path named, Path root, Libc libc, Folder home, int fd, Libc.Stat made) {
            this.named = named;
            this.root = root;
            this.name = named.getFileName().toString();
            this.libc = libc;
            this.home = home;
            this.fd = fd;
            this.made = made;
        }

        static Staging create(Path home, String name) throws IOException {
            Path named = home.resolve(name);
            if (POSIX) {
                Files.createDirectory(named, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectory(named);
            }
            if (Libc.find().isEmpty()) {
                return new Staging(named, named, null, null, -1, null);
            }
            Libc libc = Libc.find().get();
            Folder folder = Folder.open(libc, home);
            try {
                int fd = libc.open(folder.fd, name, Libc.O_RDONLY | libc.oDirectory | libc.oNoFollow | Libc.O_CLOEXEC,
                        0, named);
                return new Staging(named, Path.of("/proc/self/fd/" + fd), libc, folder, fd, libc.stat(fd, named));
            } catch (IOException | RuntimeException e) {
                folder.close();
                throw e;
            }
        }

        /** Gives the folder the mode any new folder of the user's gets, by descriptor where it is held. */
        void openUp() throws IOException {
            int mode = 0777 & ~SafeOutput.umask();
            if (libc != null) {
                libc.chmod(fd, mode, named);
            } else if (POSIX) {
                Files.setAttribute(named, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
            }
        }

        /** Fails unless the hidden name still names the folder written: before it is put in place. */
        void checkNamed() throws IOException {
            if (libc != null && !libc.statAt(home.fd, name, named).sameFile(made)) {
                throw new IOException(named + " was moved or replaced by another user while it was extracted;"
                        + " nothing was put in place");
            }
        }

        /**
         * Renames the folder ({@code child} null) or its one folder {@code child} to {@code target}
         * in the same folder, never replacing, and checks that {@code target} then names it.
         */
        void renameTo(String child, Path target) throws IOException {
            if (libc == null) {
                Files.move(child == null ? named : named.resolve(child), target);
                return;
            }
            checkNamed();
            Libc.Stat moving = child == null ? made : libc.statAt(fd, child, named.resolve(child));
            home.renameNoReplace(child == null ? name : name + "/" + child, target.getFileName().toString(), target);
            if (!libc.statAt(home.fd, target.getFileName().toString(), target).sameFile(moving)) {
                throw new IOException(target + " was replaced by another file as it was put in place");
            }
            home.sync();
        }

        /** Removes what was written, and the hidden folder if its name is still its own. */
        void removeAll() {
            // entry by entry: the root may be /proc/self/fd/N, a link a walk would not enter
            try (var entries = Files.newDirectoryStream(root)) {
                for (Path entry : entries) {
                    removeTree(entry, true);
                }
            } catch (IOException | java.nio.file.DirectoryIteratorException ignored) {
                // what is left is hidden and named as PigzFX's: a later run removes it as stale
            }
            try {
                if (libc == null || libc.statAt(home.fd, name, named).sameFile(made)) {
                    Files.deleteIfExists(named);
                }
            } catch (IOException ignored) {
                // what is left is hidden and named as PigzFX's: a later run removes it as stale
            }
        }

        @Override
        public void close() {
            if (libc != null) {
                libc.close(fd);
                home.close();
            }
        }
    }

    /** Inflates on its own thread(s) into a pipe that the tar reader, on this thread, unpacks from. */
    private IntegrityTest.Report unpack(FileChannel in, Unpacker unpacker, Listener listener, Cancellation cancel)
            throws IOException {
        return Pipe.connect("pigzfx-untar", PIPE_PIECES,
                sink -> IntegrityTest.decompress(in, threads, listener::progress, cancel, sink),
                data -> {
                    TarArchiveInputStream tar = new TarArchiveInputStream(data, "UTF-8");
                    for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                        cancel.throwIfCancelled();
                        unpacker.entry(entry, tar);
                    }
                    data.transferTo(java.io.OutputStream.nullOutputStream()); // what follows the tar's end
                    return null;
                }, cancel).written();
    }

    /** The name of the folder the staging folder holds alone, or null when it holds anything else. */
    private static String onlyFolder(Path root) throws IOException {
        try (var list = Files.list(root)) {
            List<Path> entries = list.limit(2).toList();
            return entries.size() == 1 && Files.isDirectory(entries.getFirst(), LinkOption.NOFOLLOW_LINKS)
                    ? entries.getFirst().getFileName().toString() : null;
        }
    }

    /**
     * The staging folder (or {@code only}, the one folder in it) becomes the target: one rename that
     * never replaces, made durable; the staging folder is then removed.
     */
    private static void publish(Staging staging, String only, Path target) throws IOException {
        if (only == null) {
            // set while the folder is this run's alone: once renamed, its name is in a folder others may write
            staging.openUp();
        }
        staging.renameTo(only, target);
        if (only != null) {
            staging.removeAll();
        }
    }

    /** Moves the staging folder's entries into {@code target}, none replacing anything there, then removes it. */
    private static void moveInto(Staging held, Path target) throws IOException {
        Path staging = held.named;
        held.checkNamed();
        List<Path> entries;
        try (var list = Files.list(held.root)) {
            entries = list.sorted().toList();
        }
        for (Path entry : entries) {
            Path to = target.resolve(entry.getFileName().toString());
            if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(to + " exists; nothing of the archive was put in " + target);
            }
        }
        beforeMerging.accept(target);
        if (Libc.find().isEmpty()) {
            for (Path entry : entries) {
                Files.move(entry, target.resolve(entry.getFileName().toString())); // the same file system: a rename
            }
        } else {
            // by descriptor, each rename refusing to replace: a name another user makes meanwhile stays
            // theirs, and what was already moved goes back, so that nothing of the archive is half in
            String stagingName = staging.getFileName().toString();
            try (Folder folder = Folder.open(Libc.find().get(), target)) {
                List<String> moved = new ArrayList<>();
                for (Path entry : entries) {
                    String name = entry.getFileName().toString();
                    try {
                        folder.renameNoReplace(stagingName + "/" + name, name, target.resolve(name));
                    } catch (IOException e) {
                        for (String back : moved) {
                            folder.renameNoReplace(back, stagingName + "/" + back, target.resolve(back));
                        }
                        throw new IOException(target.resolve(name) + " appeared meanwhile; nothing of the archive"
                                + " was put in " + target, e);
                    }
                    moved.add(name);
                }
                folder.sync();
            }
        }
        held.removeAll();
    }

    /** Removes a tree without following any link in it. */
    static void removeTree(Path root) {
        removeTree(root, false);
    }

    /**
     * Removes a tree without following any link in it.
     *
     * @param inOurs whether {@code root} itself lies in a folder of this run's alone, so that it may be
     *               opened up (by name) should the archive have made it read-only
     */
    private static void removeTree(Path root, boolean inOurs) {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    // a folder the archive made read-only must be opened up to be emptied; not the root,
                    // whose name may lie in a folder others write (a stale leftover): it is ours already
                    if (POSIX && (inOurs || !dir.equals(root))) {
                        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException ignored) {
            // what is left is hidden, and named as PigzFX's: a later run removes it as stale
        }
    }

    /** The entries, one by one, into the staging folder, which only this run writes to. */
    private final class Unpacker {
        private final Path archive;
        private final Path root;
        private final List<FileResult> refused;
        private final Cancellation cancel;
        private final boolean foldsCase;
        /** Folders known to be real folders (made here, never a link): their paths need no look. */
        private final Set<Path> folders = new HashSet<>();
        /** Each name's case-folded form, where the file system folds case. */
        private final Map<String, String> folded = new HashMap<>();
        /** Folders' modes and times, set when everything is in them, deepest first. */
        private final Deque<Object[]> folderTimes = new ArrayDeque<>();
        private final byte[] buffer = new byte[Pipe.PIECE];
        /** The umask, which takes bits off the mode a file is made with. */
        private final int umask = SafeOutput.umask();
        private final FileTime now = FileTime.from(java.time.Instant.now());
        int entries;
        private int fileCount;
        private int folderCount;
        private int linkCount;

        Unpacker(Path archive, Path root, List<FileResult> refused, Cancellation cancel) throws IOException {
            this.archive = archive;
            this.root = root;
            this.refused = refused;
            this.cancel = cancel;
            this.foldsCase = foldsCase(root);
            folders.add(root);
        }

        String describe() {
            return fileCount + (fileCount == 1 ? " file, " : " files, ") + folderCount
                    + (folderCount == 1 ? " folder" : " folders")
                    + (linkCount == 0 ? "" : ", " + linkCount + (linkCount == 1 ? " link" : " links"));
        }

        void entry(TarArchiveEntry entry, InputStream data) throws IOException {
            String raw = entry.getName();
            String problem = problemWithName(raw);
            List<String> parts = problem == null ? parts(raw) : List.of();
            if (problem == null && parts.isEmpty()) {
                return; // "./": the target itself
            }
            Path path = null;
            if (problem == null) {
                try {
                    path = root;
                    for (String part : parts) {
                        path = path.resolve(part);
                    }
                } catch (InvalidPathException e) {
                    problem = "its name cannot be a file's name here";
                }
            }
            String name = String.join("/", parts);
            if (problem == null) {
                problem = problemWithKind(entry, parts);
            }
            if (problem == null && foldsCase) {
                String key = Normalizer.normalize(name, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
                String earlier = folded.putIfAbsent(key, name);
                if (earlier != null && !earlier.equals(name)) {
                    problem = "its name differs from " + earlier + " only in case, which this file system does not"
                            + " tell apart";
                }
            }
            if (problem == null) {
                problem = throughLink(path.getParent());
            }
            if (problem == null) {
                problem = place(entry, path, data);
            }
            if (problem != null) {
                refused.add(FileResult.failed(archive, entry.getSize(), "entry " + raw + " refused: " + problem, 0));
            } else {
                entries++;
            }
        }

        /** Why a name must not be extracted, or null: absolute, or leading out of the target. */
        private String problemWithName(String name) {
            if (name.isEmpty() || name.indexOf('\0') >= 0) {
                return "its name is empty or holds a NUL";
            }
            if (name.startsWith("/") || Os.current() == Os.WINDOWS && name.matches("(?s)([A-Za-z]:|\\\\).*")) {
                return "its name is an absolute path";
            }
            if (Arrays.asList(name.split("/")).contains("..")) {
                return "its name leads out of the folder (..)";
            }
            if (Os.current() == Os.WINDOWS) {
                for (String part : parts(name)) {
                    String problem = windowsProblem(part);
                    if (problem != null) {
                        return problem;
                    }
                }
            }
            return null;
        }

        private static List<String> parts(String name) {
            List<String> parts = new ArrayList<>();
            for (String part : name.split("/")) {
                if (!part.isEmpty() && !part.equals(".")) {
                    parts.add(part);
                }
            }
            return parts;
        }

        /** Why an entry's kind must not be extracted, or null. */
        private String problemWithKind(TarArchiveEntry entry, List<String> parts) {
            if (entry.isCharacterDevice() || entry.isBlockDevice()) {
                return "device files are not extracted";
            }
            if (entry.isFIFO()) {
                return "FIFOs (named pipes) are not extracted";
            }
            if (entry.isSymbolicLink()) {
                String to = entry.getLinkName();
                if (to.isEmpty() || to.startsWith("/") || Os.current() == Os.WINDOWS && to.contains(":")) {
                    return "its link points to an absolute path (" + to + ")";
                }
                int depth = parts.size() - 1;
                for (String step : to.split("/")) {
                    if (step.equals("..")) {
                        if (--depth < 0) {
                            return "its link points out of the folder (" + to + ")";
                        }
                    } else if (!step.isEmpty() && !step.equals(".")) {
                        depth++;
                    }
                }
                return null;
            }
            if (entry.isLink()) {
                String to = entry.getLinkName();
                if (problemWithName(to) != null || parts(to).isEmpty()) {
                    return "its hard link points to no file extracted from this archive (" + to + ")";
                }
                return null;
            }
            if (entry.isDirectory() || entry.isFile()) {
                return null;
            }
            return "its kind of entry (" + (char) entry.getLinkFlag() + ") is not extracted";
        }

        /**
         * Makes the folders above {@code folder} that are missing; why not, or null. A folder of the
         * path that is a symbolic link (another entry put it there) is refused, never followed.
         */
        private String throughLink(Path folder) throws IOException {
            Deque<Path> missing = new ArrayDeque<>();
            for (Path p = folder; !folders.contains(p); p = p.getParent()) {
                missing.push(p);
            }
            for (Path p : missing) {
                BasicFileAttributes a = attributesOrNull(p);
                if (a == null) {
                    Files.createDirectory(p);
                    folderCount++;
                } else if (a.isSymbolicLink()) {
                    return "its path goes through the symbolic link " + root.relativize(p) + " (not followed)";
                } else if (!a.isDirectory()) {
                    return "its path goes through " + root.relativize(p) + ", which is not a folder";
                }
                folders.add(p);
            }
            return null;
        }

        /** Puts the entry at {@code path}; why not, or null. */
        private String place(TarArchiveEntry entry, Path path, InputStream data)
                throws IOException {
            // (isFile() is true of links too; devices and FIFOs were refused before)
            if (!entry.isDirectory() && !entry.isSymbolicLink() && !entry.isLink()) {
                // the common case, made without a look first: a name no earlier entry took
                try {
                    writeFile(entry, path, data);
                    fileCount++;
                    return null;
                } catch (FileAlreadyExistsException taken) {
                    // an earlier entry of the same name: looked at below
                }
            }
            BasicFileAttributes there = attributesOrNull(path);
            if (entry.isDirectory()) {
                if (there == null) {
                    Files.createDirectory(path);
                    folderCount++;
                } else if (!there.isDirectory() || there.isSymbolicLink()) {
                    return "a file of the same name came before it";
                }
                folders.add(path);
                folderTimes.push(new Object[] {path, entry.getMode(), FileTime.from(entry.getLastModifiedTime().toInstant())});
                return null;
            }
            if (there != null) {
                if (there.isDirectory()) {
                    return "a folder of the same name came before it";
                }
                Files.delete(path); // an earlier entry of the same name: the later one wins, as in tar
            }
            if (entry.isSymbolicLink()) {
                try {
                    Files.createSymbolicLink(path, path.getFileSystem().getPath(entry.getLinkName()));
                } catch (UnsupportedOperationException | IOException e) {
                    return "cannot make the symbolic link here: " + (e instanceof IOException io ? Reasons.of(io)
                            : "not supported");
                }
                setTime(path, entry, LinkOption.NOFOLLOW_LINKS);
                linkCount++;
                return null;
            }
            if (entry.isLink()) {
                // the folder is this run's alone: a file in it, reached through real folders, came from
                // this archive; nothing is kept in memory per file to know it
                Path to = root;
                BasicFileAttributes a = null;
                for (String part : parts(entry.getLinkName())) {
                    if (a != null && (!a.isDirectory() || a.isSymbolicLink())) {
                        a = null;
                        break;
                    }
                    to = to.resolve(part);
                    a = attributesOrNull(to);
                    if (a == null) {
                        break;
                    }
                }
                if (a == null || !a.isRegularFile()) {
                    return "its hard link points to no file extracted from this archive (" + entry.getLinkName() + ")";
                }
                Files.createLink(path, to);
                linkCount++;
                return null;
            }
            writeFile(entry, path, data);
            fileCount++;
            return null;
        }

        private void writeFile(TarArchiveEntry entry, Path path, InputStream data) throws IOException {
            int mode = entry.getMode() & (specialBits ? 07777 : 0777);
            // made with its mode: the umask takes bits off, and only then is a chmod needed
            FileChannel out = POSIX
                    ? FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                            LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(permissions(mode)))
                    : FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                            LinkOption.NOFOLLOW_LINKS);
            boolean done = false;
            try {
                long at = 0;
                boolean holeAtEnd = false;
                for (int n; (n = data.readNBytes(buffer, 0, buffer.length)) > 0; at += n) {
                    cancel.throwIfCancelled();
                    if (Arrays.mismatch(buffer, 0, n, ZEROS, 0, n) < 0) {
                        holeAtEnd = true; // zeros: left as a hole, which reads as zeros
                    } else {
                        ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
                        while (b.hasRemaining()) {
                            out.write(b, at + b.position());
                        }
                        holeAtEnd = false;
                    }
                }
                if (holeAtEnd) {
                    out.write(ByteBuffer.wrap(new byte[1]), at - 1);
                }
                if (Libc.find().isEmpty()) {
                    out.force(true); // elsewhere each file is synced; on Linux the file system, once
                }
                done = true;
            } finally {
                out.close();
                if (!done) {
                    Files.deleteIfExists(path);
                }
            }
            if ((mode & (umask | 07000)) != 0) {
                setMode(path, mode);
            }
            setTime(path, entry);
        }

        /** The permission bits of {@code mode} (0777), as Java's file API names them. */
        private static Set<java.nio.file.attribute.PosixFilePermission> permissions(int mode) {
            java.nio.file.attribute.PosixFilePermission[] all = java.nio.file.attribute.PosixFilePermission.values();
            Set<java.nio.file.attribute.PosixFilePermission> set =
                    java.util.EnumSet.noneOf(java.nio.file.attribute.PosixFilePermission.class);
            for (int i = 0; i < 9; i++) { // OWNER_READ .. OTHERS_EXECUTE: bits 8 down to 0
                if ((mode & (0400 >> i)) != 0) {
                    set.add(all[i]);
                }
            }
            return set;
        }

        private void setMode(Path path, int mode) throws IOException {
            if (POSIX) {
                int bits = mode & (specialBits ? 07777 : 0777);
                Files.setAttribute(path, "unix:mode", bits, LinkOption.NOFOLLOW_LINKS);
            }
        }

        private void setTime(Path path, TarArchiveEntry entry, LinkOption... options) {
            try {
                // both times given: the access time is now, as tar gives it, and need not be read first
                Files.getFileAttributeView(path, BasicFileAttributeView.class, options)
                        .setTimes(FileTime.from(entry.getLastModifiedTime().toInstant()), now, null);
            } catch (IOException | UnsupportedOperationException ignored) {
                // a link's own time, where the system cannot set it: it keeps the time it was made
            }
        }

        /** Folders' modes and times (deepest first, since filling a folder moves its time), then the sync. */
        void finish() throws IOException {
            while (!folderTimes.isEmpty()) {
                Object[] f = folderTimes.pop();
                Path folder = (Path) f[0];
                Files.getFileAttributeView(folder, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setTimes((FileTime) f[2], null, null);
                setMode(folder, (Integer) f[1] | 0700); // the owner keeps access, as tar does for a non-root user
            }
            if (Libc.find().isPresent()) {
                try (Folder folder = Folder.open(Libc.find().get(), root)) {
                    folder.syncFileSystem();
                }
            }
        }

        private static BasicFileAttributes attributesOrNull(Path p) throws IOException {
            try {
                return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (java.nio.file.NoSuchFileException e) {
                return null;
            }
        }

        /** Whether the file system of {@code folder} takes two names that differ only in case for one. */
        private static boolean foldsCase(Path folder) throws IOException {
            if (assumeFoldsCase) {
                return true;
            }
            Path probe = folder.resolve(".pigzfx-case-probe");
            Files.createFile(probe);
            try {
                return Files.exists(folder.resolve(".PIGZFX-CASE-PROBE"), LinkOption.NOFOLLOW_LINKS);
            } finally {
                Files.delete(probe);
            }
        }
    }

    /** Windows' device names: a file named so (with any extension) would be the device, not a file. */
    private static final java.util.regex.Pattern WINDOWS_DEVICE = java.util.regex.Pattern.compile(
            "(?i)(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])(\\..*)?");

    /**
     * Why {@code part} cannot be a name on Windows, or null: a device's name, a character Windows
     * refuses, or a trailing dot or space (which Windows drops, so that two names become one).
     */
    static String windowsProblem(String part) {
        if (WINDOWS_DEVICE.matcher(part).matches()) {
            return "its name " + part + " is a device's on Windows";
        }
        for (char c : part.toCharArray()) {
            if (c < 32 || "<>:\"|?*\\".indexOf(c) >= 0) {
                return "its name " + part + " holds a character Windows does not take in names";
            }
        }
        if (part.endsWith(".") || part.endsWith(" ")) {
            return "its name " + part + " ends in a dot or a space, which Windows drops";
        }
        return null;
    }

    /**
     * Runs between the look at the folder merged into and the renames into it: tests put another
     * user's file there.
     */
    static volatile java.util.function.Consumer<Path> beforeMerging = folder -> { };

    /** On in tests of the case rule, which Linux's usual file systems never need. */
    static volatile boolean assumeFoldsCase;
}

package dev.pigzfx.batch;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.DosFileAttributeView;
import java.nio.file.attribute.DosFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A file that appears under its final name only when complete, tested and given the original's
 * owner, permissions, extended attributes and times.
 *
 * <p>On Linux ({@link Held}) the data goes to a file with no name at all ({@code O_TMPFILE}) in the
 * target's folder, held by descriptor; where the file system cannot make one, to a hidden name beside
 * the target ({@code .NAME.<pid>-<random>.pigzfx-tmp}, created exclusively, never followed). Owner,
 * mode, attributes and times are set on the descriptor, and {@link #publish} links that very file,
 * through its descriptor, under the target name: whatever another user puts at a temporary name is
 * never followed nor published. Elsewhere ({@link Named}) the hidden name is used and handled by name
 * without following links, as far as Java's file API allows.
 *
 * <p>Either way the file is readable by its owner alone until {@link #finish}, which sets the final
 * metadata and fsyncs it; {@link #publish} then puts it under the target name in one atomic step,
 * checks that the name holds the file written, and fsyncs the folder, so that after a crash at any
 * instant the target either does not exist, is what it was before, or is complete. Unless replacing
 * is allowed the target is linked rather than renamed, because link(2) fails on an existing name
 * where rename(2) would silently replace it. {@link #close} removes what was not published. The
 * process id in a hidden name lets a later run tell the leftovers of a crashed run ({@link #isStale})
 * from files another run is writing now.
 */
abstract sealed class SafeOutput implements AutoCloseable {

    static final String TEMP_SUFFIX = ".pigzfx-tmp";
    static final String ASIDE_SUFFIX = ".pigzfx-del";
    /** Keeps a hidden name under the usual 255-byte limit whatever the target's length. */
    private static final int MAX_NAME_PART = 96;
    private static final int BUFFER = 256 * 1024;
    /**
     * Writeback is started in steps of this much: large enough that the disk gets long writes, small
     * enough that a large output is mostly on the disk by the time it is synced.
     */
    private static final long WRITEBACK_EVERY = 8L << 20;
    private static final int OWNER_ONLY_MODE = 0600;
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    /** No run writes one file for a day without touching it. */
    private static final long STALE_AFTER_MILLIS = 24L * 60 * 60 * 1000;
    private static final String ACCESS_ACL = "system.posix_acl_access";

    final Path target;
    final FileChannel channel;
    private final OutputStream stream;
    /** The modification time to give instead of the original's, or null. */
    FileTime modified;
    boolean published;

    private SafeOutput(Path target, FileChannel channel, long expectedSize) {
        this.target = target;
        this.channel = channel;
        int buffer = (int) Math.clamp(Math.min(expectedSize, BUFFER) + 64, 512, BUFFER);
        this.stream = new BufferedOutputStream(new Writeback(Channels.newOutputStream(channel)), buffer);
    }

    /**
     * Asks the system to start writing {@code length} bytes at {@code offset} to the disk now, while
     * the rest is made, so that the sync at the end waits for little; where it cannot be asked, the
     * sync does it all.
     */
    void startWriteback(long offset, long length) {
    }

    /** Counts what is written and starts its writeback every {@link #WRITEBACK_EVERY} bytes. */
    private final class Writeback extends java.io.FilterOutputStream {
        private long written;
        private long started;

        Writeback(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            written += len;
            if (written - started >= WRITEBACK_EVERY) {
                startWriteback(started, written - started);
                started = written;
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }
    }

    /** A hidden output beside {@code target}, handled by name; for tests of the naming. */
    static SafeOutput create(Path target) throws IOException {
        return Named.create(target, Long.MAX_VALUE, null);
    }

    /**
     * The output for {@code original} compressed to {@code target} in the same folder.
     *
     * @param expectedSize about how much will be written: a small file gets a small buffer
     */
    static SafeOutput create(Original original, Path target, long expectedSize) throws IOException {
        return original instanceof Original.Held held
                ? Held.create(held, target, expectedSize)
                : Named.create(target, expectedSize,
                        original.attributes() instanceof PosixFileAttributes p ? p.permissions() : null);
    }

    /** A name for a hidden file beside {@code name}: {@code .NAME.<pid>-<random><suffix>}. */
    static String hiddenName(String name, String suffix) {
        String part = name.length() > MAX_NAME_PART ? name.substring(0, MAX_NAME_PART) : name;
        String random = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        return "." + part + "." + ProcessHandle.current().pid() + "-" + random + suffix;
    }

    /**
     * Removes what crashed runs left while they wrote {@code target} (a temporary file, or a folder
     * being extracted): names {@link #hiddenName} made of the target's, whose run is over.
     *
     * @return how many were removed
     */
    static int removeStale(Path target) {
        Path folder = target.toAbsolutePath().getParent();
        String name = target.getFileName().toString();
        String prefix = "." + (name.length() > MAX_NAME_PART ? name.substring(0, MAX_NAME_PART) : name) + ".";
        int removed = 0;
        try (var entries = Files.newDirectoryStream(folder, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(TEMP_SUFFIX);
        })) {
            for (Path leftover : entries) {
                if (isStale(leftover)) {
                    ArchiveExtractor.removeTree(leftover);
                    removed += Files.exists(leftover, LinkOption.NOFOLLOW_LINKS) ? 0 : 1;
                }
            }
        } catch (IOException | java.nio.file.DirectoryIteratorException e) {
            // a folder that cannot be listed has nothing of ours to tidy
        }
        return removed;
    }

    /** Whether {@code file} is named as one of PigzFX's temporary files. */
    static boolean isTemporary(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && (name.endsWith(TEMP_SUFFIX) || name.endsWith(ASIDE_SUFFIX));
    }

    /**
     * The name an original is renamed to while it is removed, {@code .NAME.<pid>-<random>.pigzfx-del},
     * from which a later run can tell NAME, should the removal be cut short; null when it would not
     * fit in a name (255 bytes).
     */
    static String asideName(String name) {
        String aside = "." + name + "." + ProcessHandle.current().pid() + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ASIDE_SUFFIX;
        return aside.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 255 ? aside : null;
    }

    /** Whether {@code file} is an original renamed aside to be removed ({@link #asideName}). */
    static boolean isAside(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && name.endsWith(ASIDE_SUFFIX);
    }

    /** The name of the original that {@code aside} was, or null when its name is not one {@link #asideName} makes. */
    static String originalOfAside(Path aside) {
        String name = aside.getFileName().toString();
        int dash = name.lastIndexOf('-', name.length() - ASIDE_SUFFIX.length());
        int dot = dash < 0 ? -1 : name.lastIndexOf('.', dash);
        return isAside(aside) && dot > 1 ? name.substring(1, dot) : null;
    }

    /**
     * Whether a temporary file was left by a run that is over: its process is gone, or it has not
     * been written to for a day (a process id can be reused).
     */
    static boolean isStale(Path temp) {
        String name = temp.getFileName().toString();
        int end = name.length() - (isAside(temp) ? ASIDE_SUFFIX : TEMP_SUFFIX).length();
        int dash = name.lastIndexOf('-', end);
        int dot = name.lastIndexOf('.', dash);
        if (!isTemporary(temp) || dash < 0 || dot < 0) {
            return false;
        }
        try {
            long pid = Long.parseLong(name.substring(dot + 1, dash));
            boolean writerAlive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            if (isAside(temp)) {
                return !writerAlive; // an original keeps its own old times: only its process tells
            }
            long age = System.currentTimeMillis() - Files.getLastModifiedTime(temp, LinkOption.NOFOLLOW_LINKS).toMillis();
            return !writerAlive || age > STALE_AFTER_MILLIS;
        } catch (NumberFormatException | IOException e) {
            return false;
        }
    }

    /** This process's umask, for what a new file or folder of the user's gets (Linux tells it; 022 elsewhere). */
    static int umask() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Umask:")) {
                    return Integer.parseInt(line.substring(6).trim(), 8) & 0777;
                }
            }
        } catch (IOException | NumberFormatException | SecurityException ignored) {
            // not Linux
        }
        return 022;
    }

    OutputStream stream() {
        return stream;
    }

    /**
     * The modification time {@link #finish} gives the file instead of the original's (a
     * decompressed file takes the time its gzip header stored, as gzip and pigz give it).
     */
    void modifiedAt(FileTime time) {
        modified = time;
    }

    /** The hidden name the data is written to, or null when it has none. */
    abstract Path temp();

    /**
     * Writes out what is buffered and gives the file to read back, through the channel it was
     * written with; nothing may be written after this.
     */
    FileChannel written() throws IOException {
        stream.flush();
        return channel;
    }

    /**
     * The output's change time when it was made, after the original was opened: a time of the file
     * system's clock from before the first byte of the original was read; null where the system keeps none.
     */
    abstract FileTime createdAt();

    /**
     * A change time the file system's clock gave now (on the output, which is in the original's
     * folder), or null where the system keeps none. Moves the output's change time to do so.
     */
    abstract FileTime clock() throws IOException;

    /**
     * Gives the file the original's owner, group, permissions (without set-user-ID, set-group-ID and
     * sticky bits), extended attributes and ACLs, and times, and makes it durable.
     *
     * @return why the original must be kept although the output is good (its owner could not be
     *         given: access was narrowed to the owner instead), or "" when it need not be
     * @throws IOException when the output cannot be given what the original has, so must not be published
     */
    abstract String finish(Original original) throws IOException;

    /**
     * Puts the finished file under the target name and checks that the name holds it.
     *
     * @param durable whether the new name must survive a power cut before this returns: needed when
     *                the original is to be removed next, not when it is kept
     * @throws FileAlreadyExistsException if the target exists and {@code replace} is false
     */
    abstract void publish(boolean replace, boolean durable) throws IOException;

    /** Removes what was not published. */
    @Override
    public abstract void close() throws IOException;

    /** Linux: a file held by descriptor, in the original's folder held by descriptor. */
    static final class Held extends SafeOutput {
        private final Libc libc;
        private final Folder folder;
        private final String targetName;
        private final int fd;
        private final Libc.Stat created;
        /** The hidden name, where the file system could not make a file without one. */
        private String tempName;

        private Held(Libc libc, Folder folder, Path target, int fd, String tempName, long expectedSize)
                throws IOException {
            super(target, FileChannel.open(Path.of("/proc/self/fd/" + fd), StandardOpenOption.READ,
                    StandardOpenOption.WRITE), expectedSize);
            this.libc = libc;
            this.folder = folder;
            this.targetName = target.getFileName().toString();
            this.fd = fd;
            this.tempName = tempName;
            this.created = libc.stat(fd, target);
        }

        /** Off in tests of the hidden-name path, which file systems without O_TMPFILE take. */
        static volatile boolean unnamedFiles = true;

        @Override
        void startWriteback(long offset, long length) {
            libc.startWriteback(fd, offset, length);
        }

        static Held create(Original.Held original, Path target, long expectedSize) throws IOException {
            Libc libc = Libc.find().orElseThrow();
            Folder folder = original.folder;
            String tempName = null;
            int fd = -1;
            try {
                if (unnamedFiles) {
                    fd = libc.open(folder.fd, ".", libc.oTmpfile | Libc.O_RDWR | Libc.O_CLOEXEC, OWNER_ONLY_MODE,
                            target);
                }
            } catch (Libc.Errno e) {
                if (e.errno != Libc.EOPNOTSUPP && e.errno != Libc.EINVAL && e.errno != 21 /* EISDIR */) {
                    throw e;
                }
            }
            if (fd < 0) {
                // no unnamed files here: a hidden name, created exclusively, never following a link
                for (int attempt = 0; ; attempt++) {
                    tempName = hiddenName(target.getFileName().toString(), TEMP_SUFFIX);
                    try {
                        fd = libc.open(folder.fd, tempName, Libc.O_CREAT | Libc.O_EXCL | Libc.O_RDWR | libc.oNoFollow
                                | Libc.O_CLOEXEC, OWNER_ONLY_MODE, target);
                        break;
                    } catch (FileAlreadyExistsException again) {
                        if (attempt == 10) {
                            throw again;
                        }
                    }
                }
            }
            try {
                return new Held(libc, folder, target, fd, tempName, expectedSize);
            } catch (IOException | RuntimeException e) {
                if (tempName != null) {
                    removeIfMine(libc, folder, tempName, fd, target);
                }
                libc.close(fd);
                throw e;
            }
        }

        @Override
        Path temp() {
            return tempName == null ? null : target.resolveSibling(tempName);
        }

        @Override
        FileTime createdAt() {
            return FileTime.from(created.ctimeNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        }

        @Override
        FileTime clock() throws IOException {
            // chmod to the mode it has: the change time is set from the file system's clock
            Libc.Stat now = libc.stat(fd, target);
            libc.chmod(fd, now.permissions(), target);
            return FileTime.from(libc.stat(fd, target).ctimeNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        }

        @Override
        String finish(Original original) throws IOException {
            Libc.Stat from = ((Original.Held) original).opened;
            int source = ((Original.Held) original).descriptor();
            written();
            int mode = from.permissions() & 0777;
            String keep = "";
            if (from.uid() != created.uid() || from.gid() != created.gid()) {
                try {
                    libc.chown(fd, from.uid(), from.gid(), target);
                } catch (IOException e) {
                    // as ours, with the original's group or other bits, it could be open to other people
                    mode &= 0700;
                    keep = "original kept: " + target + " cannot be given its owner and group (" + from.uid() + ":"
                            + from.gid() + "): " + Reasons.of(e) + "; it is readable by you alone";
                }
            }
            libc.chmod(fd, mode, target);
            List<String> names = libc.xattrNames(source, original.path);
            for (String name : names) {
                if (!keep.isEmpty() && name.startsWith("system.posix_acl")) {
                    continue; // an ACL could open what the narrowed mode closed
                }
                byte[] value = libc.xattr(source, name, original.path);
                if (value == null) {
                    continue;
                }
                try {
                    libc.setXattr(fd, name, value, target);
                } catch (IOException e) {
                    if (!name.startsWith("security.")) {
                        throw new IOException("cannot give it the original's " + (name.equals(ACCESS_ACL) ? "ACL"
                                : "extended attribute " + name) + ": " + Reasons.of(e), e);
                    }
                    // a security label the system gives new files by its own policy
                }
            }
            if (!names.contains(ACCESS_ACL)) {
                // inherited from the folder's default ACL: the original had none, so neither may the .gz
                libc.removeXattr(fd, ACCESS_ACL, target);
            }
            libc.setTimes(fd, from.atimeNanos(), modified == null ? from.mtimeNanos()
                    : java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(modified.toMillis()), target);
            libc.sync(fd, target);
            return keep;
        }

        @Override
        void publish(boolean replace, boolean durable) throws IOException {
            if (!replace) {
                try {
                    libc.link(fd, folder.fd, targetName, target);
                } catch (java.nio.file.NoSuchFileException e) {
                    throw gone(e);
                } catch (Libc.Errno e) {
                    if (tempName == null) {
                        throw e;
                    }
                    // no hard links here (FAT, exFAT, some network shares): rename the hidden name
                    folder.renameNoReplace(tempName, targetName, target);
                    tempName = null;
                }
            } else {
                if (tempName == null) {
                    tempName = hiddenName(targetName, TEMP_SUFFIX);
                    libc.link(fd, folder.fd, tempName, target);
                }
                libc.rename(folder.fd, tempName, targetName, false, target);
                tempName = null;
            }
            published = true;
            if (!libc.statAt(folder.fd, targetName, target).sameFile(created)) {
                throw new IOException(target + " was replaced by another file as it was published");
            }
            if (durable) {
                folder.sync();
            }
        }

        /**
         * The link failed for want of a name: the folder is gone, or (with a hidden name) another
         * process removed that name, and a file with no name left cannot be given one.
         */
        private IOException gone(java.nio.file.NoSuchFileException e) {
            return new FileSystemException(target.toString(), null, tempName == null ? "its folder was removed"
                    : "its temporary file " + temp() + " was removed by another process");
        }

        @Override
        public void close() throws IOException {
            try {
                channel.close();
            } finally {
                if (tempName != null) {
                    removeIfMine(libc, folder, tempName, fd, target);
                }
                libc.close(fd);
            }
        }

        /** Removes the hidden name if it still names the file {@code fd} holds: nobody else's file. */
        private static void removeIfMine(Libc libc, Folder folder, String name, int fd, Path shown) {
            try {
                if (libc.statAt(folder.fd, name, shown).sameFile(libc.stat(fd, shown))) {
                    libc.unlink(folder.fd, name, shown);
                }
            } catch (IOException ignored) {
                // gone already, or the folder went: nothing of ours is left at that name
            }
        }
    }

    /** Other systems: a hidden file, handled by name without following links. */
    static final class Named extends SafeOutput {
        private static final boolean UNIX = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews()
                .contains("unix");
        private final Path temp;
        private final Object createdKey;
        private final FileTime createdAt;

        private Named(Path target, Path temp, FileChannel channel, long expectedSize) throws IOException {
            super(target, channel, expectedSize);
            this.temp = temp;
            this.createdKey = Files.readAttributes(temp, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            this.createdAt = UNIX ? (FileTime) Files.getAttribute(temp, "unix:ctime", LinkOption.NOFOLLOW_LINKS) : null;
        }

        @Override
        FileTime createdAt() {
            return createdAt;
        }

        /**
         * @param permissions the original's, given to the file as it is made (the umask may narrow
         *                    them, never widen), or null for its owner alone
         */
        static Named create(Path target, long expectedSize, Set<PosixFilePermission> permissions) throws IOException {
            Path folder = target.toAbsolutePath().getParent();
            // asked of the file system, not the store: a store lookup reads the mount table every time
            boolean posix = folder.getFileSystem().supportedFileAttributeViews().contains("posix");
            FileAttribute<Set<PosixFilePermission>> mode = permissions == null ? OWNER_ONLY
                    : PosixFilePermissions.asFileAttribute(permissions);
            for (int attempt = 0; ; attempt++) {
                Path temp = folder.resolve(hiddenName(target.getFileName().toString(), TEMP_SUFFIX));
                try {
                    FileChannel channel = posix
                            ? FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                                    StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS), mode)
                            : FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                                    StandardOpenOption.READ);
                    try {
                        if (!posix) {
                            hidden(temp, true);
                        }
                        return new Named(target, temp, channel, expectedSize);
                    } catch (IOException e) {
                        channel.close();
                        Files.deleteIfExists(temp);
                        throw e;
                    }
                } catch (FileAlreadyExistsException e) {
                    if (attempt == 10) {
                        throw e;
                    }
                }
            }
        }

        @Override
        Path temp() {
            return temp;
        }

        @Override
        FileTime clock() throws IOException {
            if (!UNIX) {
                return null;
            }
            PosixFileAttributeView view = Files.getFileAttributeView(temp, PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            view.setPermissions(view.readAttributes().permissions());
            return (FileTime) Files.getAttribute(temp, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
        }

        @Override
        String finish(Original original) throws IOException {
            written();
            channel.force(false);
            channel.close();
            BasicFileAttributes from = original.attributes();
            if (from instanceof PosixFileAttributes p) {
                PosixFileAttributeView view = Files.getFileAttributeView(temp, PosixFileAttributeView.class,
                        LinkOption.NOFOLLOW_LINKS);
                PosixFileAttributes now = view.readAttributes();
                if (!now.permissions().equals(p.permissions())) {
                    // what the umask took off at creation. Java's view follows a symbolic link when it sets
                    // permissions, NOFOLLOW_LINKS or not (Linux): they are set only on the file made here
                    if (!now.isRegularFile() || !now.fileKey().equals(createdKey)) {
                        throw new IOException(temp + " was replaced by another file while it was written");
                    }
                    view.setPermissions(p.permissions());
                }
            }
            copyUserAttributes(original.path);
            if (!(from instanceof PosixFileAttributes)) {
                // Windows: the temporary file was hidden; the .gz is hidden only if the original was
                hidden(temp, from instanceof DosFileAttributes dos && dos.isHidden());
            }
            // both times, by name: one utimensat(2), where setting one time alone opens and stats the file first
            Files.getFileAttributeView(temp, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setTimes(modified == null ? from.lastModifiedTime() : modified, from.lastAccessTime(), null);
            return "";
        }

        /**
         * A file made from many originals (an archive), with the permissions any new file of the
         * user's gets (0666 less the umask) from its creation on: nothing is set on it by name
         * later, when the name, in a folder others may write, could have been swapped for a link.
         */
        static Named createNew(Path target, long expectedSize) throws IOException {
            return create(target, expectedSize, UNIX ? PosixFilePermissions.fromString("rw-rw-rw-") : null);
        }

        /** Finishes a file {@link #createNew} made: written out and durable. */
        void finishNew() throws IOException {
            written();
            channel.force(false);
            channel.close();
            if (!UNIX) {
                hidden(temp, false);
            }
        }

        /**
         * The extended attributes Java's file API shows (Linux's user.*, macOS's, Windows' alternate
         * data streams); one that cannot be copied fails the file, so that nothing is published without it.
         */
        private void copyUserAttributes(Path original) throws IOException {
            UserDefinedFileAttributeView from = Files.getFileAttributeView(original,
                    UserDefinedFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
            if (from == null) {
                return;
            }
            List<String> names;
            try {
                names = from.list();
            } catch (UnsupportedOperationException | FileSystemException none) {
                return; // a file system without them
            }
            UserDefinedFileAttributeView to = Files.getFileAttributeView(temp, UserDefinedFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            for (String name : names) {
                ByteBuffer value = ByteBuffer.allocate(from.size(name));
                from.read(name, value);
                try {
                    to.write(name, value.flip());
                } catch (IOException e) {
                    throw new IOException("cannot give it the original's extended attribute " + name + ": "
                            + Reasons.of(e), e);
                }
            }
        }

        /**
         * Windows hides a file by an attribute, not by a leading dot: a temporary file is hidden from
         * Explorer while it is written. Where there is no such attribute, the name is what hides it.
         */
        private static void hidden(Path file, boolean hidden) throws IOException {
            DosFileAttributeView view = Files.getFileAttributeView(file, DosFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (view != null) {
                try {
                    view.setHidden(hidden);
                } catch (UnsupportedOperationException none) {
                    // a file system without DOS attributes
                }
            }
        }

        @Override
        void publish(boolean replace, boolean durable) throws IOException {
            if (replace) {
                move(StandardCopyOption.REPLACE_EXISTING);
            } else {
                try {
                    Files.createLink(target, temp);
                    // one unlink(2) where Files.delete stats first; it still says why when that fails
                    if (!temp.toFile().delete()) {
                        Files.delete(temp);
                    }
                } catch (FileAlreadyExistsException e) {
                    throw e;
                } catch (UnsupportedOperationException | FileSystemException e) {
                    // no hard links here (FAT, exFAT, some network shares): check, then rename
                    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                        throw new FileAlreadyExistsException(target.toString());
                    }
                    move();
                }
            }
            published = true;
            Object key = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            if (key != null && !key.equals(createdKey)) {
                throw new IOException(target + " was replaced by another file as it was published");
            }
            if (durable) {
                syncFolder(target.toAbsolutePath().getParent());
            }
        }

        private void move(StandardCopyOption... extra) throws IOException {
            StandardCopyOption[] options = new StandardCopyOption[extra.length + 1];
            options[0] = StandardCopyOption.ATOMIC_MOVE;
            System.arraycopy(extra, 0, options, 1, extra.length);
            try {
                Files.move(temp, target, options);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, extra);
            }
        }

        /** Makes a rename durable; folders cannot be opened for this on some systems, which is fine. */
        private static void syncFolder(Path folder) {
            try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException | UnsupportedOperationException ignored) {
                // Windows and some file systems do not sync folders; their renames are durable as they are
            }
        }

        @Override
        public void close() throws IOException {
            if (channel.isOpen()) {
                channel.close();
            }
            if (!published) {
                Files.deleteIfExists(temp);
            }
        }
    }
}

package dev.pigzfx.batch;

import dev.pigzfx.platform.Os;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.DosFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * The file being compressed, from the look that decides whether to compress it to its removal.
 *
 * <h2>What must be true of the file removed</h2>
 * It is the file that was read: the name still names it (its device and inode), and neither its
 * contents nor its metadata changed since it was opened (size, modification time and change time:
 * a write that restores the modification time still moves the change time). A change can share
 * the change time the file already had when it comes within one tick of the file system's clock
 * (a second on some file systems); for a file changed that recently ({@link #changedRecently}),
 * and for every file on a file system without change times of its own, the bytes are read again
 * and compared before the file is removed.
 *
 * <p>Two kinds: {@link Held} on Linux, where the file is opened without following a symbolic link,
 * checked by descriptor to be the file that was looked at, and removed by renaming it aside,
 * checking that what was renamed is the file read, and only then unlinking it; and {@link Named}
 * elsewhere, which checks by name, as Java's portable file API allows.
 */
abstract sealed class Original implements AutoCloseable {

    final Path path;
    /** The original's data, once opened. */
    private FileChannel channel;

    private Original(Path path) {
        this.path = path;
    }

    /** Looks at {@code source} (not following a symbolic link), ready to {@link #open} it. */
    static Original look(Path source) throws IOException {
        return look(source, null);
    }

    /**
     * Looks at {@code source}, ready to {@link #open} it.
     *
     * @param folderFound the identity (file key) its folder had when it was found, or null when not
     *                    known: on Linux the folder the path reaches must still be that one, so that a
     *                    folder above the file that another user swapped for a link leads nowhere
     */
    static Original look(Path source, Object folderFound) throws IOException {
        Path absolute = source.toAbsolutePath();
        // the system calls take the folder's name as text; FileCompressor passes over a path that is
        // not (nameIsText), and should one come here, Java's file API, which keeps names as bytes, takes it
        Path folder = absolute.getParent();
        boolean folderNameIsText = folder.getFileSystem().getPath(folder.toString()).equals(folder);
        return byDescriptor && Libc.find().isPresent() && folderNameIsText
                ? new Held(Libc.find().get(), absolute, folderFound) : new Named(absolute);
    }

    /** Off in tests of the by-name path, which systems other than Linux take. */
    static volatile boolean byDescriptor = true;

    /** The file as looked at, before it is opened. */
    abstract BasicFileAttributes attributes();

    /** Set-user-ID, set-group-ID and sticky bits, which a .gz cannot carry; 0 where unknown. */
    abstract int specialBits();

    /**
     * Opens the file for reading, checked to be the regular file looked at. Closing the stream
     * leaves the file open, to be read again or removed; {@link #close} closes it.
     */
    final InputStream open() throws IOException {
        return new FilterInputStream(Channels.newInputStream(openForReading())) {
            @Override
            public void close() {
            }
        };
    }

    /**
     * Opens the file as {@link #open} does, as a channel to read at any position (several members
     * of a {@code .gz} at once); {@link #close} closes it.
     */
    final FileChannel openForReading() throws IOException {
        channel = openChannel();
        return channel;
    }

    abstract FileChannel openChannel() throws IOException;

    /**
     * Null when the file is as it was when opened and all of it was read; otherwise what changed,
     * in words.
     */
    abstract String changedSince(long bytesRead);

    /**
     * Whether the file changed so shortly before it was opened that a later write could carry the
     * same change time; {@code clock} is a change time the file system gave after that, or null
     * where it keeps none.
     */
    abstract boolean changedRecently(FileTime clock);

    /** Whether the file's file system keeps a change time that every write moves. */
    abstract boolean keepsChangeTimes();

    /**
     * Reads the whole file again; null when it holds exactly {@code length} bytes with CRC-32
     * {@code crc}, otherwise what differs.
     */
    final String proveHolds(long length, int crc) {
        CRC32 sum = new CRC32();
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        long at = 0;
        try {
            for (int n; (n = channel.read(buf.clear(), at)) >= 0; at += n) {
                sum.update(buf.flip());
            }
        } catch (IOException e) {
            return "cannot read it again to check it: " + Reasons.of(e);
        }
        return at == length && (int) sum.getValue() == crc ? null : "changed while compressing";
    }

    /** Removes the original, compressed and proven; returns why it was kept, or "" when it is gone. */
    abstract String remove();

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // opened for reading only: nothing is lost
            }
        }
    }

    /** Linux: held by descriptor, in the folder held by descriptor too. */
    static final class Held extends Original {
        /** Whether the file system of a device keeps change times of its own, by device. */
        private static final java.util.Map<Long, Boolean> CHANGE_TIMES = new java.util.concurrent.ConcurrentHashMap<>();
        private final Libc libc;
        final Folder folder;
        final String name;
        private final Libc.Stat seen;
        private int fd = -1;
        /** The file as opened: what every later look is compared with. */
        Libc.Stat opened;

        private Held(Libc libc, Path path, Object folderFound) throws IOException {
            super(path);
            this.libc = libc;
            this.name = path.getFileName().toString();
            this.folder = Folder.open(libc, path.getParent());
            try {
                if (folderFound != null
                        && !libc.stat(folder.fd, path.getParent()).javaFileKey().equals(folderFound.toString())) {
                    throw new ChangedException("its folder " + path.getParent() + " was replaced or moved since"
                            + " it was found; a link put in its path is not followed");
                }
                seen = libc.statAt(folder.fd, name, path);
            } catch (IOException e) {
                folder.close();
                throw e;
            }
        }

        @Override
        BasicFileAttributes attributes() {
            return seen;
        }

        @Override
        int specialBits() {
            return seen.permissions() & (Libc.S_ISUID | Libc.S_ISGID | Libc.S_ISVTX);
        }

        int descriptor() {
            return fd;
        }

        @Override
        FileChannel openChannel() throws IOException {
            // O_NONBLOCK: should a FIFO have been put in its place, the open does not wait for a writer
            try {
                fd = libc.open(folder.fd, name, Libc.O_RDONLY | libc.oNoFollow | Libc.O_NONBLOCK | Libc.O_NOCTTY
                        | Libc.O_CLOEXEC, 0, path);
            } catch (Libc.Errno e) {
                if (e.errno == Libc.ELOOP) {
                    throw new ChangedException("was replaced by a symbolic link (not followed)");
                }
                throw e;
            }
            opened = libc.stat(fd, path);
            if (!opened.isRegularFile() || !opened.sameFile(seen)) {
                throw new ChangedException("was replaced by another " + (opened.isRegularFile() ? "file" : "kind of file")
                        + " while it was opened");
            }
            // the data is read through Java's channel on the very file the descriptor holds
            return FileChannel.open(Path.of("/proc/self/fd/" + fd), StandardOpenOption.READ);
        }

        @Override
        String changedSince(long bytesRead) {
            Libc.Stat now;
            try {
                now = libc.stat(fd, path);
            } catch (IOException e) {
                return "cannot check it after compressing: " + Reasons.of(e);
            }
            return unchanged(now) && bytesRead == opened.size() ? null : "changed while compressing";
        }

        private boolean unchanged(Libc.Stat now) {
            return now.size() == opened.size() && now.mtimeNanos() == opened.mtimeNanos()
                    && now.ctimeNanos() == opened.ctimeNanos();
        }

        @Override
        boolean changedRecently(FileTime clock) {
            return clock == null || clock.to(java.util.concurrent.TimeUnit.NANOSECONDS) <= opened.ctimeNanos();
        }

        /** Asked of each file system once: a statfs per file of a batch of thousands costs for nothing. */
        @Override
        boolean keepsChangeTimes() {
            return CHANGE_TIMES.computeIfAbsent(opened.dev(), dev -> folder.keepsChangeTimes());
        }

        @Override
        String remove() {
            Libc.Stat now;
            try {
                now = libc.stat(fd, path);
            } catch (IOException e) {
                return "original kept: cannot check it: " + Reasons.of(e);
            }
            if (!unchanged(now)) {
                return "original kept: it changed while compressing";
            }
            if (now.nlink() > 1) {
                return "original kept: it has " + now.nlink() + " hard links";
            }
            // Renamed aside first, so that what is unlinked is checked to be the file read: a file
            // moved into place under the original's name meanwhile is left where it is.
            String aside = SafeOutput.asideName(name);
            if (aside == null) {
                return removeInPlace(now);
            }
            try {
                folder.renameNoReplace(name, aside, path);
            } catch (NoSuchFileException e) {
                return "original kept: it was renamed or removed while compressing";
            } catch (IOException e) {
                return "original kept: cannot remove it: " + Reasons.of(e);
            }
            Libc.Stat there;
            try {
                there = libc.statAt(folder.fd, aside, path);
            } catch (IOException e) {
                return "original kept: cannot check it: " + Reasons.of(e) + "; it is at " + path.resolveSibling(aside);
            }
            if (!there.sameFile(now)) {
                return "original kept: another file was put in its place while compressing; "
                        + putBack(aside, "that file");
            }
            try {
                libc.unlink(folder.fd, aside, path);
                return "";
            } catch (IOException e) {
                return "original kept: cannot remove it: " + Reasons.of(e) + "; " + putBack(aside, "it");
            }
        }

        /**
         * For a name too long to rename aside under a longer one: checks that the name still names the
         * file read, then unlinks it; a file moved into place in between is the one case this misses.
         */
        private String removeInPlace(Libc.Stat read) {
            try {
                if (!libc.statAt(folder.fd, name, path).sameFile(read)) {
                    return "original kept: another file was put in its place while compressing";
                }
                libc.unlink(folder.fd, name, path);
                return "";
            } catch (NoSuchFileException e) {
                return "original kept: it was renamed or removed while compressing";
            } catch (IOException e) {
                return "original kept: cannot remove it: " + Reasons.of(e);
            }
        }

        /** Renames {@code aside} back to the original's name, never replacing; says where the file is. */
        private String putBack(String aside, String what) {
            try {
                folder.renameNoReplace(aside, name, path);
                return what + " is back under its name";
            } catch (IOException e) {
                return what + " is at " + path.resolveSibling(aside) + " (" + Reasons.of(e) + ")";
            }
        }

        @Override
        public void close() {
            super.close();
            if (fd >= 0) {
                libc.close(fd);
                fd = -1;
            }
            folder.close();
        }
    }

    /** Other systems: checked by name, as far as Java's file API tells. */
    static final class Named extends Original {
        private static final boolean POSIX = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews()
                .contains("posix");
        private static final boolean UNIX = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews()
                .contains("unix");
        private static final boolean DOS = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews()
                .contains("dos");
        private final BasicFileAttributes seen;
        private final Object seenChange;
        /** The set-user-ID, set-group-ID and sticky bits (macOS); 0 where there are none (Windows). */
        private final int special;

        private Named(Path path) throws IOException {
            super(path);
            // Windows: the DOS attributes, so that the .gz is hidden only when the original was
            seen = POSIX ? Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    : DOS ? Files.readAttributes(path, DosFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    : Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            seenChange = changeTime();
            special = UNIX ? (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS)
                    & (Libc.S_ISUID | Libc.S_ISGID | Libc.S_ISVTX) : 0;
        }

        /** The change time where the system has one, else null. */
        private Object changeTime() throws IOException {
            return UNIX ? Files.getAttribute(path, "unix:ctime", LinkOption.NOFOLLOW_LINKS) : null;
        }

        @Override
        BasicFileAttributes attributes() {
            return seen;
        }

        @Override
        int specialBits() {
            return special;
        }

        @Override
        FileChannel openChannel() throws IOException {
            return FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        }

        @Override
        String changedSince(long bytesRead) {
            return bytesRead == seen.size() ? changedByName() : "changed while compressing";
        }

        private String changedByName() {
            BasicFileAttributes now;
            Object change;
            try {
                now = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                change = changeTime();
            } catch (NoSuchFileException e) {
                return "was removed while compressing";
            } catch (IOException e) {
                return "cannot check it after compressing: " + Reasons.of(e);
            }
            if (now.size() != seen.size() || !now.lastModifiedTime().equals(seen.lastModifiedTime())
                    || !Objects.equals(now.fileKey(), seen.fileKey()) || !Objects.equals(change, seenChange)) {
                return "changed while compressing";
            }
            return null;
        }

        @Override
        boolean changedRecently(FileTime clock) {
            return !(seenChange instanceof FileTime change) || clock == null || clock.compareTo(change) <= 0;
        }

        /** Windows keeps no change time that Java shows: there every file is read again before it is removed. */
        @Override
        boolean keepsChangeTimes() {
            return seenChange != null;
        }

        @Override
        String remove() {
            String changed = changedByName();
            if (changed != null) {
                return "original kept: it " + changed;
            }
            try {
                int n = links();
                if (n > 1) {
                    return "original kept: it has " + n + " hard links";
                }
            } catch (IOException e) {
                return "original kept: cannot check it: " + Reasons.of(e);
            }
            try {
                Files.delete(path);
                return "";
            } catch (IOException e) {
                return "original kept: cannot remove it: " + Reasons.of(e);
            }
        }

        /**
         * How many names the file has: Java tells on Unix; on Windows the system is asked (NTFS counts
         * them too); 1 where neither can tell (a file system with no hard links at all).
         */
        private int links() throws IOException {
            if (UNIX) {
                return ((Number) Files.getAttribute(path, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).intValue();
            }
            if (Os.current() == Os.WINDOWS) {
                return WindowsFiles.links(path);
            }
            return 1;
        }
    }

    /** The file was replaced or changed between the look and the open: nothing was read. */
    static final class ChangedException extends IOException {
        ChangedException(String what) {
            super(what);
        }
    }
}

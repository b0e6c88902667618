package dev.pigzfx.batch;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.Set;

/**
 * A folder held open by descriptor (Linux), so that the original, its temporary output and its
 * {@code .gz} are all reached through the same folder even if its name is changed meanwhile.
 */
final class Folder implements AutoCloseable {

    private final Libc libc;
    final Path path;
    final int fd;
    /** Opened for reading, so that it can be synced; a folder that may not be read is opened for look-ups only. */
    private final boolean syncable;
    private boolean closed;

    private Folder(Libc libc, Path path, int fd, boolean syncable) {
        this.libc = libc;
        this.path = path;
        this.fd = fd;
        this.syncable = syncable;
    }

    static Folder open(Libc libc, Path path) throws IOException {
        int flags = libc.oDirectory | Libc.O_CLOEXEC;
        try {
            return new Folder(libc, path, libc.open(Libc.AT_FDCWD, path.toString(), Libc.O_RDONLY | flags, 0, path), true);
        } catch (AccessDeniedException e) {
            return new Folder(libc, path, libc.open(Libc.AT_FDCWD, path.toString(), Libc.O_PATH | flags, 0, path), false);
        }
    }

    /**
     * File systems that keep no change time of their own: FAT and exFAT (Linux shows the modification
     * time in its place), and FUSE, whose file systems may do the same.
     */
    private static final Set<Long> WITHOUT_CHANGE_TIMES = Set.of(0x4d44L, 0x2011bab0L, 0x65735546L);

    /** Whether the folder's file system keeps a change time that every write moves. */
    boolean keepsChangeTimes() {
        try {
            return !WITHOUT_CHANGE_TIMES.contains(libc.fileSystemType(fd, path));
        } catch (IOException e) {
            return false;
        }
    }

    /** Makes the folder's entries durable, where the folder could be opened for it. */
    void sync() {
        if (syncable) {
            try {
                libc.sync(fd, path);
            } catch (IOException ignored) {
                // some file systems do not sync folders; their renames are durable as they are
            }
        }
    }

    /**
     * Makes everything written to the folder's file system durable, in one call: for many new files
     * at once, where a sync of each would cost a disk flush per file.
     */
    void syncFileSystem() throws IOException {
        libc.syncFileSystem(fd, path);
    }

    /**
     * Renames {@code from} to {@code to} in this folder, failing with {@link FileAlreadyExistsException}
     * rather than replacing {@code to}.
     */
    void renameNoReplace(String from, String to, Path shown) throws IOException {
        try {
            libc.rename(fd, from, to, true, shown);
        } catch (Libc.Errno e) {
            if (e.errno != Libc.EINVAL) {
                throw e;
            }
            // a file system without RENAME_NOREPLACE: look first (a narrow race, on a name nobody else uses)
            try {
                libc.statAt(fd, to, shown);
                throw new FileAlreadyExistsException(shown.resolveSibling(to).toString());
            } catch (java.nio.file.NoSuchFileException absent) {
                libc.rename(fd, from, to, false, shown);
            }
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            libc.close(fd);
        }
    }
}

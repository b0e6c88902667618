package dev.pigzfx.batch;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A file that appears under its final name only when complete.
 *
 * <p>Data goes to a hidden temporary file beside the target ({@code .NAME.<pid>-<random>.pigzfx-tmp}),
 * readable by its owner alone while it is written. The process id in the name lets a later run
 * tell the leftovers of a crashed run ({@link #isStale}) from files another run is writing now. {@link #finish} flushes it, fsyncs it and gives
 * it its final time and permissions; {@link #publish} then puts it under the target name in one
 * atomic step and fsyncs the folder, so that after a crash at any instant the target either does
 * not exist, is what it was before, or is complete. Unless replacing is allowed the target is
 * linked rather than renamed, because link(2) fails on an existing name where rename(2) would
 * silently replace it. {@link #close} removes the temporary file if it was not published.
 */
final class SafeOutput implements AutoCloseable {

    static final String TEMP_SUFFIX = ".pigzfx-tmp";
    /** Keeps the temporary name under the usual 255-byte limit whatever the target's length. */
    private static final int MAX_NAME_PART = 96;
    private static final int BUFFER = 256 * 1024;
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    /** No run writes one file for a day without touching it. */
    private static final long STALE_AFTER_MILLIS = 24L * 60 * 60 * 1000;

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final OutputStream stream;
    private boolean published;

    private SafeOutput(Path target, Path temp, FileChannel channel, int buffer) {
        this.target = target;
        this.temp = temp;
        this.channel = channel;
        this.stream = new BufferedOutputStream(Channels.newOutputStream(channel), buffer);
    }

    static SafeOutput create(Path target) throws IOException {
        return create(target, Long.MAX_VALUE);
    }

    /** @param expectedSize about how much will be written: a small file gets a small buffer */
    static SafeOutput create(Path target, long expectedSize) throws IOException {
        int buffer = (int) Math.clamp(expectedSize + 64, 512, BUFFER);
        Path folder = target.toAbsolutePath().getParent();
        String name = target.getFileName().toString();
        if (name.length() > MAX_NAME_PART) {
            name = name.substring(0, MAX_NAME_PART);
        }
        // asked of the file system, not the store: a store lookup reads the mount table every time
        boolean posix = folder.getFileSystem().supportedFileAttributeViews().contains("posix");
        for (int attempt = 0; ; attempt++) {
            String random = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
            Path temp = folder.resolve("." + name + "." + ProcessHandle.current().pid() + "-" + random + TEMP_SUFFIX);
            try {
                FileChannel channel = posix
                        ? FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                                StandardOpenOption.READ), OWNER_ONLY)
                        : FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                                StandardOpenOption.READ);
                return new SafeOutput(target, temp, channel, buffer);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }

    /** Whether {@code file} is named as one of PigzFX's temporary files. */
    static boolean isTemporary(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(".") && name.endsWith(TEMP_SUFFIX);
    }

    /**
     * Whether a temporary file was left by a run that is over: its process is gone, or it has not
     * been written to for a day (a process id can be reused).
     */
    static boolean isStale(Path temp) {
        String name = temp.getFileName().toString();
        int end = name.length() - TEMP_SUFFIX.length();
        int dash = name.lastIndexOf('-', end);
        int dot = name.lastIndexOf('.', dash);
        if (!isTemporary(temp) || dash < 0 || dot < 0) {
            return false;
        }
        try {
            long pid = Long.parseLong(name.substring(dot + 1, dash));
            boolean writerAlive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            long age = System.currentTimeMillis() - Files.getLastModifiedTime(temp, LinkOption.NOFOLLOW_LINKS).toMillis();
            return !writerAlive || age > STALE_AFTER_MILLIS;
        } catch (NumberFormatException | IOException e) {
            return false;
        }
    }

    OutputStream stream() {
        return stream;
    }

    Path temp() {
        return temp;
    }

    /**
     * Writes out what is buffered and gives the file to read back, through the channel it was
     * written with; nothing may be written after this.
     */
    FileChannel written() throws IOException {
        stream.flush();
        return channel;
    }

    /**
     * Makes the data durable (fdatasync: the data and what is needed to read it back) and closes
     * it, then gives the file its final times and permissions.
     */
    void finish(FileTime mtime, FileTime atime, Set<PosixFilePermission> permissions) throws IOException {
        stream.flush();
        channel.force(false);
        channel.close();
        if (permissions != null) {
            Files.setPosixFilePermissions(temp, permissions);
        }
        // both times, by name: one utimensat(2), where setting one time alone opens and stats the file first
        Files.getFileAttributeView(temp, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(mtime, atime, null);
    }

    /**
     * Puts the finished file under the target name.
     *
     * @param durable whether the new name must survive a power cut before this returns: needed when
     *                the original is to be removed next, not when it is kept
     * @throws FileAlreadyExistsException if the target exists and {@code replace} is false
     */
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

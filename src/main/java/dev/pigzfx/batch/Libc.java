package dev.pigzfx.batch;

import dev.pigzfx.platform.Os;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The Linux system calls that let PigzFX handle a file by its descriptor rather than by a name that
 * another user can change under it: open relative to a folder without following a symbolic link,
 * stat an open file, set its owner, mode, times and extended attributes, link the very file that
 * was written under its final name, rename aside and remove. Called through the Foreign Function &
 * Memory API; absent ({@link #find()} empty) on other systems and processor types, where
 * {@link FileCompressor} works by name as Java's file API allows.
 *
 * <p>Every call reports failure as the {@link IOException} Java itself would throw (a missing file
 * as {@link NoSuchFileException}, and so on), naming the file the caller gives and the system's own
 * words for the cause ("operation not permitted").
 */
final class Libc {

    // open(2) flags: the same on x86-64 and arm64, but for the two that differ (see Flags)
    static final int O_RDONLY = 0;
    static final int O_RDWR = 2;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    static final int O_NOCTTY = 0400;
    static final int O_NONBLOCK = 04000;
    static final int O_CLOEXEC = 02000000;
    static final int O_PATH = 010000000;
    private static final int O_TMPFILE_BASE = 020000000;

    static final int AT_FDCWD = -100;
    static final int SYNC_FILE_RANGE_WRITE = 2;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int AT_SYMLINK_FOLLOW = 0x400;
    private static final int AT_EMPTY_PATH = 0x1000;
    private static final int RENAME_NOREPLACE = 1;
    private static final int STATX_BASIC_STATS = 0x7ff;

    static final int S_IFMT = 0170000;
    static final int S_IFREG = 0100000;
    static final int S_IFDIR = 0040000;
    static final int S_IFLNK = 0120000;
    static final int S_ISUID = 04000;
    static final int S_ISGID = 02000;
    static final int S_ISVTX = 01000;

    static final int ENOENT = 2;
    static final int ENXIO = 6;
    static final int SEEK_DATA = 3;
    static final int SEEK_HOLE = 4;
    static final int EEXIST = 17;
    static final int EXDEV = 18;
    static final int EINVAL = 22;
    static final int ENODATA = 61;
    static final int ELOOP = 40;
    static final int EOPNOTSUPP = 95;
    static final int ERANGE = 34;

    private static final Optional<Libc> LOADED = load();

    /** O_NOFOLLOW and O_DIRECTORY: the two open flags whose values differ between x86-64 and arm64. */
    private record Flags(int noFollow, int directory) {
    }

    final int oNoFollow;
    final int oDirectory;
    final int oTmpfile;

    private final VarHandle errnoHandle;
    private final long captureSize;
    private final SymbolLookup c;
    /** The calls, each bound on its first use: each binding generates code, milliseconds of a command's start. */
    private final MethodHandle[] bound = new MethodHandle[Call.values().length];

    /** The C library functions called, with their C signatures; all but one report failure in errno. */
    private enum Call {
        OPENAT(FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT)),
        CLOSE(FunctionDescriptor.of(JAVA_INT, JAVA_INT)),
        STATX(FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS)),
        FCHMOD(FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT)),
        FCHOWN(FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT)),
        FUTIMENS(FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS)),
        FSYNC(FunctionDescriptor.of(JAVA_INT, JAVA_INT)),
        SYNCFS(FunctionDescriptor.of(JAVA_INT, JAVA_INT)),
        LSEEK(FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT)),
        SYNC_FILE_RANGE(FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT)),
        LINKAT(FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT)),
        RENAMEAT2(FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT)),
        UNLINKAT(FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT)),
        FLISTXATTR(FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG)),
        FGETXATTR(FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG)),
        FSETXATTR(FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT)),
        FREMOVEXATTR(FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS)),
        FSTATFS(FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS)),
        STRERROR(FunctionDescriptor.of(ADDRESS, JAVA_INT));

        final FunctionDescriptor signature;

        Call(FunctionDescriptor signature) {
            this.signature = signature;
        }

        String symbol() {
            return name().toLowerCase(Locale.ROOT);
        }

        boolean setsErrno() {
            return this != STRERROR;
        }
    }

    private Libc(Flags flags) {
        oNoFollow = flags.noFollow();
        oDirectory = flags.directory();
        oTmpfile = O_TMPFILE_BASE | flags.directory();
        c = Linker.nativeLinker().defaultLookup();
        MemoryLayout capture = Linker.Option.captureStateLayout();
        errnoHandle = capture.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        captureSize = capture.byteSize();
        for (Call call : Call.values()) {
            c.findOrThrow(call.symbol()); // a C library without one of them is not used at all
        }
    }

    private MethodHandle handle(Call call) {
        MethodHandle h = bound[call.ordinal()];
        if (h == null) {
            // bound at most a few times over by racing threads, each time the same: no lock needed
            h = call.setsErrno()
                    ? Linker.nativeLinker().downcallHandle(c.findOrThrow(call.symbol()), call.signature,
                            Linker.Option.captureCallState("errno"))
                    : Linker.nativeLinker().downcallHandle(c.findOrThrow(call.symbol()), call.signature);
            bound[call.ordinal()] = h;
        }
        return h;
    }

    /** Binds the calls that compressing a file makes, ahead of the first file. */
    void prepare() {
        for (Call call : List.of(Call.OPENAT, Call.CLOSE, Call.STATX, Call.FCHMOD, Call.FUTIMENS, Call.FSYNC,
                Call.LINKAT, Call.FLISTXATTR, Call.FREMOVEXATTR, Call.RENAMEAT2, Call.UNLINKAT)) {
            handle(call);
        }
    }

    /** The binding, where this is Linux on x86-64 or arm64 and native access is allowed. */
    static Optional<Libc> find() {
        return LOADED;
    }

    private static Optional<Libc> load() {
        if (Os.current() != Os.LINUX
                || !Path.of("/proc/self/fd").toFile().isDirectory()) {
            return Optional.empty();
        }
        Flags flags = switch (System.getProperty("os.arch", "")) {
            case "amd64", "x86_64" -> new Flags(0400000, 0200000);
            case "aarch64", "arm64" -> new Flags(0100000, 040000);
            default -> null;
        };
        if (flags == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Libc(flags));
        } catch (IllegalCallerException | java.util.NoSuchElementException | UnsupportedOperationException e) {
            return Optional.empty(); // native access refused, or a C library without these calls
        }
    }

    /**
     * What statx(2) says of a file.
     *
     * @param mode type and permission bits, as st_mode
     */
    record Stat(long dev, long ino, int mode, int nlink, int uid, int gid, long size,
                long atimeNanos, long mtimeNanos, long ctimeNanos) implements BasicFileAttributes {

        @Override
        public boolean isRegularFile() {
            return (mode & S_IFMT) == S_IFREG;
        }

        @Override
        public boolean isDirectory() {
            return (mode & S_IFMT) == S_IFDIR;
        }

        @Override
        public boolean isSymbolicLink() {
            return (mode & S_IFMT) == S_IFLNK;
        }

        @Override
        public boolean isOther() {
            return !isRegularFile() && !isDirectory() && !isSymbolicLink();
        }

        @Override
        public FileTime lastModifiedTime() {
            return FileTime.from(mtimeNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public FileTime lastAccessTime() {
            return FileTime.from(atimeNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public FileTime creationTime() {
            return lastModifiedTime();
        }

        @Override
        public Object fileKey() {
            return List.of(dev, ino);
        }

        /** The permission bits, set-user-ID, set-group-ID and sticky among them. */
        int permissions() {
            return mode & 07777;
        }

        /**
         * The text of Java's file key for this file ({@code BasicFileAttributes.fileKey()}, Unix:
         * {@code "(dev=HEX,ino=N)"}, st_dev made from the device's major and minor as glibc's makedev
         * does), to compare with a key Java's file API gave; a form that ever differs only fails the check.
         */
        String javaFileKey() {
            long major = dev >>> 32;
            long minor = dev & 0xffffffffL;
            long stDev = (major & 0xfffL) << 8 | (major & 0xfffff000L) << 32 | minor & 0xffL | (minor & 0xffffff00L) << 12;
            return "(dev=" + Long.toHexString(stDev) + ",ino=" + ino + ")";
        }

        /** Whether {@code other} is the same file: the same device and inode. */
        boolean sameFile(Stat other) {
            return dev == other.dev && ino == other.ino;
        }
    }

    /**
     * One call's native memory: the errno it captures ({@code state}) and whatever else it allocates
     * from {@code arena}, freed when it returns.
     */
    private interface Native<T> {
        T call(Arena arena, MemorySegment state) throws Throwable;
    }

    private <T> T inArena(Native<T> body) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            return body.call(arena, arena.allocate(captureSize));
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Opens {@code name} relative to the folder {@code dirfd}; returns the descriptor. */
    int open(int dirfd, String name, int flags, int mode, Path shown) throws IOException {
        return inArena((arena, state) -> {
            int fd = (int) handle(Call.OPENAT).invokeExact(state, dirfd, arena.allocateFrom(name), flags, mode);
            return fd >= 0 ? fd : fail(state, shown, null);
        });
    }

    void close(int fd) {
        try {
            inArena((arena, state) -> (int) handle(Call.CLOSE).invokeExact(state, fd));
        } catch (IOException e) {
            throw new IllegalStateException(e); // close reports no failure through an exception
        }
    }

    /** fstat(2) of an open descriptor. */
    Stat stat(int fd, Path shown) throws IOException {
        return statx(fd, "", AT_EMPTY_PATH, shown);
    }

    /** lstat(2) of {@code name} in the folder {@code dirfd}: a symbolic link is described, not followed. */
    Stat statAt(int dirfd, String name, Path shown) throws IOException {
        return statx(dirfd, name, AT_SYMLINK_NOFOLLOW, shown);
    }

    private Stat statx(int dirfd, String name, int flags, Path shown) throws IOException {
        return inArena((arena, state) -> {
            MemorySegment buf = arena.allocate(256, 8);
            if ((int) handle(Call.STATX).invokeExact(state, dirfd, arena.allocateFrom(name), flags, STATX_BASIC_STATS,
                    buf) != 0) {
                fail(state, shown, null);
            }
            // struct statx: the same layout on every architecture
            return new Stat(
                    ((long) buf.get(ValueLayout.JAVA_INT, 136) << 32) | (buf.get(ValueLayout.JAVA_INT, 140) & 0xffffffffL),
                    buf.get(ValueLayout.JAVA_LONG, 32),
                    buf.get(ValueLayout.JAVA_SHORT, 28) & 0xffff,
                    buf.get(ValueLayout.JAVA_INT, 16),
                    buf.get(ValueLayout.JAVA_INT, 20),
                    buf.get(ValueLayout.JAVA_INT, 24),
                    buf.get(ValueLayout.JAVA_LONG, 40),
                    nanos(buf, 64), nanos(buf, 112), nanos(buf, 96));
        });
    }

    private static long nanos(MemorySegment buf, long at) {
        return buf.get(ValueLayout.JAVA_LONG, at) * 1_000_000_000L + buf.get(ValueLayout.JAVA_INT, at + 8);
    }

    /** The type of the file system {@code fd} is on: statfs(2)'s f_type, a magic number. */
    long fileSystemType(int fd, Path shown) throws IOException {
        return inArena((arena, state) -> {
            MemorySegment buf = arena.allocate(256, 8);
            if ((int) handle(Call.FSTATFS).invokeExact(state, fd, buf) != 0) {
                fail(state, shown, null);
            }
            return buf.get(ValueLayout.JAVA_LONG, 0); // f_type comes first, a long, on 64-bit Linux
        });
    }

    void chmod(int fd, int mode, Path shown) throws IOException {
        check(shown, (arena, state) -> (int) handle(Call.FCHMOD).invokeExact(state, fd, mode));
    }

    /** fchown(2); -1 leaves that id as it is. */
    void chown(int fd, int uid, int gid, Path shown) throws IOException {
        check(shown, (arena, state) -> (int) handle(Call.FCHOWN).invokeExact(state, fd, uid, gid));
    }

    /** Sets the access and modification times of an open file, in nanoseconds since the epoch. */
    void setTimes(int fd, long atimeNanos, long mtimeNanos, Path shown) throws IOException {
        check(shown, (arena, state) -> {
            MemorySegment times = arena.allocate(32, 8);
            times.set(ValueLayout.JAVA_LONG, 0, Math.floorDiv(atimeNanos, 1_000_000_000L));
            times.set(ValueLayout.JAVA_LONG, 8, Math.floorMod(atimeNanos, 1_000_000_000L));
            times.set(ValueLayout.JAVA_LONG, 16, Math.floorDiv(mtimeNanos, 1_000_000_000L));
            times.set(ValueLayout.JAVA_LONG, 24, Math.floorMod(mtimeNanos, 1_000_000_000L));
            return (int) handle(Call.FUTIMENS).invokeExact(state, fd, times);
        });
    }

    /**
     * sync_file_range(2) with SYNC_FILE_RANGE_WRITE: starts writing {@code length} bytes at
     * {@code offset} to the disk and returns at once, so that the fsync at the end has little left
     * to wait for. A hint: a failure is left for that fsync to report.
     */
    void startWriteback(int fd, long offset, long length) {
        try {
            inArena((arena, state) -> (int) handle(Call.SYNC_FILE_RANGE).invokeExact(state, fd, offset, length,
                    SYNC_FILE_RANGE_WRITE));
        } catch (IOException | RuntimeException ignored) {
            // only a hint
        }
    }

    /** fsync(2): the file's data and what is needed to find it, or a folder's entries. */
    void sync(int fd, Path shown) throws IOException {
        check(shown, (arena, state) -> (int) handle(Call.FSYNC).invokeExact(state, fd));
    }

    /**
     * lseek(2) with {@link #SEEK_DATA} or {@link #SEEK_HOLE}: where the next data or hole of the
     * open file {@code fd} starts at or after {@code offset}; -1 when there is none (ENXIO: no data
     * after it). A file system that keeps no holes says data everywhere, and the end as the hole.
     */
    long seek(int fd, long offset, int whence, Path shown) throws IOException {
        return inArena((arena, state) -> {
            long at = (long) handle(Call.LSEEK).invokeExact(state, fd, offset, whence);
            if (at >= 0) {
                return at;
            }
            return errno(state) == ENXIO ? -1L : fail(state, shown, null);
        });
    }

    /** syncfs(2): everything written to the file system that holds {@code fd}, in one call. */
    void syncFileSystem(int fd, Path shown) throws IOException {
        check(shown, (arena, state) -> (int) handle(Call.SYNCFS).invokeExact(state, fd));
    }

    /**
     * Gives the open file {@code fd} the name {@code name} in the folder {@code dirfd}: the very file
     * the descriptor holds, whatever is now at any temporary name it had. Never replaces.
     */
    void link(int fd, int dirfd, String name, Path shown) throws IOException {
        check(shown, (arena, state) -> (int) handle(Call.LINKAT).invokeExact(state, AT_FDCWD,
                arena.allocateFrom("/proc/self/fd/" + fd), dirfd, arena.allocateFrom(name), AT_SYMLINK_FOLLOW));
    }

    /** Renames within the folder {@code dirfd}; with {@code noReplace}, fails rather than replace {@code to}. */
    void rename(int dirfd, String from, String to, boolean noReplace, Path shown) throws IOException {
        check(shown, (arena, state) -> (int) handle(Call.RENAMEAT2).invokeExact(state, dirfd, arena.allocateFrom(from),
                dirfd, arena.allocateFrom(to), noReplace ? RENAME_NOREPLACE : 0));
    }

    void unlink(int dirfd, String name, Path shown) throws IOException {
        check(shown, (arena, state) -> (int) handle(Call.UNLINKAT).invokeExact(state, dirfd, arena.allocateFrom(name),
                0));
    }

    /** The names of the open file's extended attributes (POSIX ACLs among them, as system.posix_acl_*). */
    List<String> xattrNames(int fd, Path shown) throws IOException {
        return inArena((arena, state) -> {
            long size = (long) handle(Call.FLISTXATTR).invokeExact(state, fd, MemorySegment.NULL, 0L);
            if (size < 0 && errno(state) == EOPNOTSUPP) {
                return List.of();
            }
            if (size <= 0) {
                return size == 0 ? List.of() : fail(state, shown, null);
            }
            MemorySegment buf = arena.allocate(size);
            // fails with ERANGE should one be added meanwhile: the file changed, and it fails as such
            long got = (long) handle(Call.FLISTXATTR).invokeExact(state, fd, buf, size);
            if (got < 0) {
                return fail(state, shown, null);
            }
            List<String> names = new ArrayList<>();
            byte[] bytes = buf.asSlice(0, got).toArray(ValueLayout.JAVA_BYTE);
            int start = 0;
            for (int at = 0; at < bytes.length; at++) {
                if (bytes[at] == 0) {
                    if (at > start) {
                        names.add(new String(bytes, start, at - start, StandardCharsets.UTF_8));
                    }
                    start = at + 1;
                }
            }
            return names;
        });
    }

    /** The value of one extended attribute of an open file, or null when it has none of that name. */
    byte[] xattr(int fd, String name, Path shown) throws IOException {
        return inArena((arena, state) -> {
            MemorySegment cName = arena.allocateFrom(name);
            for (int attempt = 0; ; attempt++) {
                long size = (long) handle(Call.FGETXATTR).invokeExact(state, fd, cName, MemorySegment.NULL, 0L);
                if (size < 0) {
                    return errno(state) == ENODATA ? null : fail(state, shown, "attribute " + name);
                }
                MemorySegment buf = arena.allocate(Math.max(1, size));
                long got = (long) handle(Call.FGETXATTR).invokeExact(state, fd, cName, buf, size);
                if (got >= 0) {
                    return buf.asSlice(0, got).toArray(ValueLayout.JAVA_BYTE);
                }
                if (errno(state) != ERANGE || attempt == 3) { // ERANGE: it grew meanwhile; ask again
                    return fail(state, shown, "attribute " + name);
                }
            }
        });
    }

    void setXattr(int fd, String name, byte[] value, Path shown) throws IOException {
        check(shown, (arena, state) -> {
            MemorySegment v = arena.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, v, ValueLayout.JAVA_BYTE, 0, value.length);
            return (int) handle(Call.FSETXATTR).invokeExact(state, fd, arena.allocateFrom(name), v,
                    (long) value.length, 0);
        });
    }

    /** Removes one extended attribute; none of that name, or none on this file system, is fine. */
    void removeXattr(int fd, String name, Path shown) throws IOException {
        inArena((arena, state) -> {
            int r = (int) handle(Call.FREMOVEXATTR).invokeExact(state, fd, arena.allocateFrom(name));
            return r == 0 || errno(state) == ENODATA || errno(state) == EOPNOTSUPP ? 0
                    : fail(state, shown, "attribute " + name);
        });
    }

    /** Makes a call that returns 0 on success and -1 with errno set on failure. */
    private void check(Path shown, Native<Integer> call) throws IOException {
        inArena((arena, state) -> call.call(arena, state) == 0 ? 0 : fail(state, shown, null));
    }

    private int errno(MemorySegment state) {
        return (int) errnoHandle.get(state, 0L);
    }

    private <T> T fail(MemorySegment state, Path shown, String what) throws IOException {
        return fail(errno(state), shown, what);
    }

    /** Throws what Java's own file API throws for {@code errno}. */
    private <T> T fail(int errno, Path shown, String what) throws IOException {
        String file = shown == null ? null : shown.toString();
        throw switch (errno) {
            case ENOENT -> new NoSuchFileException(file, null, what);
            case EEXIST -> new FileAlreadyExistsException(file, null, what);
            case 13 -> new AccessDeniedException(file, null, what);
            default -> new Errno(file, errno, message(errno));
        };
    }

    /** The system's words for an error number, in lower case as the rest of PigzFX's messages. */
    String message(int errno) {
        try {
            MemorySegment text = (MemorySegment) handle(Call.STRERROR).invokeExact(errno);
            String s = text.reinterpret(1024).getString(0);
            return s.isEmpty() ? "error " + errno : Character.toLowerCase(s.charAt(0)) + s.substring(1);
        } catch (Throwable t) {
            return "error " + errno;
        }
    }

    /** A failed call's error number, with the system's words as its reason. */
    static final class Errno extends FileSystemException {
        final int errno;

        Errno(String file, int errno, String reason) {
            super(file, null, reason);
            this.errno = errno;
        }
    }
}

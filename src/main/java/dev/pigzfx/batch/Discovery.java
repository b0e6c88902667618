package dev.pigzfx.batch;

import dev.pigzfx.engine.Cancellation;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Finds what a batch is to compress: the files given, and every file under the folders given,
 * walked without following symbolic links (so a link loop cannot trap the walk). Each path is taken
 * once however often it is named. What cannot or should not be compressed is set aside with the
 * reason the user sees; temporary files that a crashed run left behind are removed on the way.
 *
 * <p>Folders are read in parallel by several threads per core: on a cold disk each waits on its
 * own look-ups, and on a warm one the work is CPU that would otherwise leave cores idle before the
 * batch starts. Whether {@code FILE.gz} exists is read off the folder's listing rather
 * than looked up. The results come in the order of a sequential walk all the same.
 *
 * <p>Memory: one small {@link Input} per file (a path and a size), so 100,000 files take a few
 * megabytes; the walk holds each folder's entries until they are taken in order.
 */
public final class Discovery {

    /**
     * A file to compress.
     *
     * @param folder the identity of the folder discovery found it in (its file key), so that the
     *               folder it is compressed in is known to be that one, not a link another user put
     *               in the path since; null when not known
     */
    public record Input(Path path, long size, Object folder) {

        public Input(Path path, long size) {
            this(path, size, null);
        }
    }

    /** A path set aside, and whether the user named it (rather than it being found in a folder). */
    public record SetAside(FileResult result, boolean named) {
    }

    /**
     * What discovery found.
     *
     * @param inputs        files to compress, in the order given and, within a folder, walk order
     * @param setAside      files skipped or failed before compression, with the reason
     * @param staleRemoved  temporary files of crashed runs that were removed
     */
    public record Found(List<Input> inputs, List<SetAside> setAside, int staleRemoved) {

        public long totalBytes() {
            return inputs.stream().mapToLong(Input::size).sum();
        }
    }

    /**
     * Threads that read folders: several per core, since on a disk that has not cached the folders
     * each spends most of its time waiting for a read (measured on 2 cores, a cold 6,000-file tree:
     * 300 ms with one thread, 250 with two, 160 with eight).
     */
    private static final int READERS = Math.min(32, 4 * Runtime.getRuntime().availableProcessors());

    private final Mode mode;
    private final boolean force;
    /** Whether what interrupted runs left is cleaned up; not on a dry run, which touches nothing. */
    private final boolean tidy;
    private final Cancellation cancel;
    private final List<Input> inputs = new ArrayList<>();
    private final List<SetAside> setAside = new ArrayList<>();
    private final Set<Path> seen = new HashSet<>();
    /** What the user named: a file named is named even when a folder named before it holds it. */
    private final Set<Path> named = new HashSet<>();
    private int staleRemoved;
    /** The threads that read folders, started at the first folder. */
    private ExecutorService readers;

    private Discovery(Mode mode, boolean force, boolean tidy, Cancellation cancel) {
        this.mode = mode;
        this.force = force;
        this.tidy = tidy;
        this.cancel = cancel;
    }

    /**
     * The files to compress.
     *
     * @param force whether files whose {@code .gz} exists are to be compressed again
     */
    public static Found discover(List<Path> given, boolean force, Cancellation cancel) {
        return discover(given, Mode.COMPRESS, force, true, cancel);
    }

    /**
     * The files {@code mode} takes.
     *
     * @param force whether files whose output exists are to be taken all the same
     * @param tidy  whether temporary files of crashed runs are removed, and originals they were
     *              removing finished or put back; false for a dry run, which leaves them and takes none
     */
    public static Found discover(List<Path> given, Mode mode, boolean force, boolean tidy, Cancellation cancel) {
        Discovery d = new Discovery(mode, force, tidy, cancel);
        try {
            d.take(given);
        } finally {
            d.stopReaders();
        }
        return new Found(List.copyOf(d.inputs), List.copyOf(d.setAside), d.staleRemoved);
    }

    /** Stops the reader threads and waits for them, so that no walk goes on after discovery returns. */
    private void stopReaders() {
        if (readers != null) {
            readers.shutdownNow();
            readers.close(); // waits for the threads, keeping an interrupt for the caller
        }
    }

    private void take(List<Path> given) {
        given.forEach(g -> named.add(g.toAbsolutePath().normalize()));
        for (Path g : given) {
            cancel.throwIfCancelled();
            Path path = g.toAbsolutePath().normalize();
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                if (seen.add(path)) {
                    // a name given in bytes that are not text arrives with a replacement character
                    String why = path.toString().indexOf('\uFFFD') >= 0 && e instanceof NoSuchFileException
                            ? FileCompressor.nameNotText() : Reasons.of(e);
                    setAside.add(new SetAside(FileResult.failed(path, 0, why, 0), true));
                }
                continue;
            }
            if (attrs.isDirectory()) {
                if (readers == null) {
                    readers = Executors.newFixedThreadPool(READERS,
                            Thread.ofPlatform().name("pigzfx-discovery-", 0).daemon().factory());
                }
                Object key = attrs.fileKey();
                takeFolder(path, readers.submit(() -> read(path, key)));
            } else if (seen.add(path)) {
                consider(path, attrs, outputExists(path), folderKey(path.getParent()));
            }
        }
    }

    /** Whether the file {@code mode} would make of {@code path} exists; false for a name the system cannot take. */
    private boolean outputExists(Path path) {
        try {
            Path output = mode.outputFor(path);
            return output != null && Files.exists(output, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.InvalidPathException e) {
            return false; // its name is not text: consider passes it over for that
        }
    }

    /**
     * Takes what a folder holds, and its subfolders' files in their place, in the order of a
     * sequential depth-first walk, while the reader threads list the folders further on.
     */
    private void takeFolder(Path folder, Future<List<Entry>> listed) {
        List<Entry> entries;
        try {
            entries = listed.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case CancellationException c -> throw c;
                case IOException io -> {
                    if (seen.add(folder)) {
                        setAside.add(new SetAside(FileResult.failed(folder, 0,
                                "cannot read this folder: " + Reasons.of(io), 0), named.contains(folder)));
                    }
                    return;
                }
                case RuntimeException r -> throw r;
                case Error r -> throw r;
                default -> throw new IllegalStateException(e.getCause());
            }
        }
        for (Entry entry : entries) {
            switch (entry) {
                case Entry.Folder sub -> takeFolder(sub.path(), sub.listed());
                case Entry.File file -> {
                    if (seen.add(file.path())) {
                        consider(file.path(), file.attrs(), file.outputBeside(), file.folder());
                    }
                }
                case Entry.Unreadable bad -> {
                    if (seen.add(bad.path())) {
                        setAside.add(new SetAside(FileResult.failed(bad.path(), 0, "cannot read: " + bad.why(), 0),
                                named.contains(bad.path())));
                    }
                }
            }
        }
    }

    /**
     * The identity of the folder a path the user named leads to (through the links the user's path
     * holds, as the user meant), or null when it cannot be read.
     */
    private static Object folderKey(Path folder) {
        try {
            return folder == null ? null : Files.readAttributes(folder, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Lists one folder and starts the reading of its subfolders; runs on a reader thread.
     *
     * @param key the folder's identity, as its parent's listing showed it
     */
    private List<Entry> read(Path folder, Object key) throws IOException {
        cancel.throwIfCancelled();
        List<Path> paths = new ArrayList<>();
        try (DirectoryStream<Path> listing = Files.newDirectoryStream(folder)) {
            listing.forEach(paths::add);
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
        Set<String> names = HashSet.newHashSet(paths.size());
        paths.forEach(p -> names.add(p.getFileName().toString()));
        List<Entry> entries = new ArrayList<>(paths.size());
        for (Path path : paths) {
            cancel.throwIfCancelled();
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                entries.add(new Entry.Unreadable(path, Reasons.of(e)));
                continue;
            }
            if (attrs.isDirectory()) {
                Object sub = attrs.fileKey();
                entries.add(new Entry.Folder(path, readers.submit(() -> read(path, sub))));
            } else {
                String output = mode.outputName(path.getFileName().toString());
                entries.add(new Entry.File(path, attrs, output != null && names.contains(output), key));
            }
        }
        return entries;
    }

    /** An entry of a folder, as a reader thread found it. */
    private sealed interface Entry {
        /**
         * Anything but a folder; {@code outputBeside} tells whether the listing holds the file's
         * output, {@code folder} is the identity of the folder listed.
         */
        record File(Path path, BasicFileAttributes attrs, boolean outputBeside, Object folder) implements Entry {
        }

        record Folder(Path path, Future<List<Entry>> listed) implements Entry {
        }

        record Unreadable(Path path, String why) implements Entry {
        }
    }

    /**
     * An original a run was removing (renamed aside, its .gz written and proven) when it was cut short:
     * removed now if its .gz is there, put back under its name if neither its .gz nor another file
     * is, otherwise left and said.
     */
    private void finishRemoval(Path aside, BasicFileAttributes attrs, boolean isNamed) {
        String original = SafeOutput.originalOfAside(aside);
        Path back = original == null ? null : aside.resolveSibling(original);
        try {
            if (back != null && Files.exists(FileCompressor.outputFor(back), LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(aside);
                staleRemoved++;
                return;
            }
            if (back != null && !Files.exists(back, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(aside, back);
                setAside.add(new SetAside(FileResult.skipped(back, attrs.size(),
                        "was put back under its name: an interrupted run had set it aside and its .gz is gone"),
                        isNamed));
                return;
            }
        } catch (IOException e) {
            // said below
        }
        setAside.add(new SetAside(FileResult.skipped(aside, attrs.size(), "is an original an interrupted run"
                + " was removing, and neither its .gz nor its name is free: check it and rename it"), isNamed));
    }

    /**
     * @param outputBeside whether the file's output ({@code FILE.gz} when compressing) exists
     * @param folder   the identity of the folder it was found in, or null
     */
    private void consider(Path file, BasicFileAttributes attrs, boolean outputBeside, Object folder) {
        boolean isNamed = named.contains(file);
        if (!tidy && SafeOutput.isTemporary(file) && attrs.isRegularFile() && SafeOutput.isStale(file)) {
            return;
        }
        if (SafeOutput.isAside(file) && attrs.isRegularFile() && SafeOutput.isStale(file)) {
            finishRemoval(file, attrs, isNamed);
            return;
        }
        if (SafeOutput.isTemporary(file) && attrs.isRegularFile()) {
            if (SafeOutput.isStale(file)) {
                try {
                    Files.deleteIfExists(file);
                    staleRemoved++;
                    return;
                } catch (IOException e) {
                    setAside.add(new SetAside(FileResult.skipped(file, attrs.size(),
                            "is a temporary file left by a crashed run; cannot remove it: " + Reasons.of(e)), isNamed));
                    return;
                }
            }
        }
        String skip = mode.reasonToSkip(file, attrs, force, outputBeside);
        if (skip == null) {
            inputs.add(new Input(file, attrs.size(), folder));
        } else if (attrs.isDirectory()) {
            setAside.add(new SetAside(FileResult.failed(file, 0, skip, 0), isNamed));
        } else {
            setAside.add(new SetAside(FileResult.skipped(file, attrs.size(), skip), isNamed));
        }
    }
}

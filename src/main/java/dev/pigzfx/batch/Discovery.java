package dev.pigzfx.batch;

import dev.pigzfx.engine.Cancellation;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds what a batch is to compress: the files given, and every file under the folders given,
 * walked without following symbolic links (so a link loop cannot trap the walk). Each path is taken
 * once however often it is named. What cannot or should not be compressed is set aside with the
 * reason the user sees; temporary files that a crashed run left behind are removed on the way.
 *
 * <p>Memory: one small {@link Input} per file (a path and a size), so 100,000 files take a few
 * megabytes; the walk itself holds only the current folder chain.
 */
public final class Discovery {

    /** A file to compress. */
    public record Input(Path path, long size) {
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

    private Discovery() {
    }

    /**
     * @param force whether files whose {@code .gz} exists are to be compressed again
     */
    public static Found discover(List<Path> given, boolean force, Cancellation cancel) {
        List<Input> inputs = new ArrayList<>();
        List<SetAside> setAside = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        // a file named by the user is named even when a folder named before it holds it
        Set<Path> named = new HashSet<>();
        given.forEach(g -> named.add(g.toAbsolutePath().normalize()));
        int[] stale = {0};
        for (Path g : given) {
            cancel.throwIfCancelled();
            Path path = g.toAbsolutePath().normalize();
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                if (seen.add(path)) {
                    setAside.add(new SetAside(FileResult.failed(path, 0, Reasons.of(e), 0), true));
                }
                continue;
            }
            if (attrs.isDirectory()) {
                walk(path, force, cancel, inputs, setAside, seen, named, stale);
            } else if (seen.add(path)) {
                consider(path, attrs, force, true, inputs, setAside, stale);
            }
        }
        return new Found(List.copyOf(inputs), List.copyOf(setAside), stale[0]);
    }

    private static void walk(Path folder, boolean force, Cancellation cancel, List<Input> inputs,
                             List<SetAside> setAside, Set<Path> seen, Set<Path> named, int[] stale) {
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    cancel.throwIfCancelled();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (seen.add(file)) {
                        consider(file, attrs, force, named.contains(file), inputs, setAside, stale);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (seen.add(file)) {
                        String what = Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS) ? "cannot read this folder: "
                                : "cannot read: ";
                        setAside.add(new SetAside(FileResult.failed(file, 0, what + Reasons.of(e), 0), false));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            setAside.add(new SetAside(FileResult.failed(folder, 0, "cannot read this folder: " + Reasons.of(e), 0),
                    true));
        }
    }

    private static void consider(Path file, BasicFileAttributes attrs, boolean force, boolean named,
                                 List<Input> inputs, List<SetAside> setAside, int[] stale) {
        if (SafeOutput.isTemporary(file) && attrs.isRegularFile()) {
            if (SafeOutput.isStale(file)) {
                try {
                    Files.deleteIfExists(file);
                    stale[0]++;
                    return;
                } catch (IOException e) {
                    setAside.add(new SetAside(FileResult.skipped(file, attrs.size(),
                            "is a temporary file left by a crashed run; cannot remove it: " + Reasons.of(e)), named));
                    return;
                }
            }
        }
        String skip = FileCompressor.reasonToSkip(file, FileCompressor.outputFor(file), attrs, force);
        if (skip == null) {
            inputs.add(new Input(file, attrs.size()));
        } else if (attrs.isDirectory()) {
            setAside.add(new SetAside(FileResult.failed(file, 0, skip, 0), named));
        } else {
            setAside.add(new SetAside(FileResult.skipped(file, attrs.size(), skip), named));
        }
    }
}

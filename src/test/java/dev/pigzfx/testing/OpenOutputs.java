package dev.pigzfx.testing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Sees another process's outputs while they are written (Linux): PigzFX writes each {@code .gz}
 * to a file with no name ({@code O_TMPFILE}), which its descriptor table shows as
 * {@code FOLDER/#INODE (deleted)}, or to a hidden {@code .pigzfx-tmp} name where the file system
 * has no unnamed files. The descriptor table tells nobody when it changes, so it is looked at
 * again every millisecond.
 */
public final class OpenOutputs {

    private OpenOutputs() {
    }

    /**
     * Waits until {@code process} has had {@code count} different outputs open in {@code folder};
     * false when it ended first.
     */
    public static boolean waitFor(Process process, Path folder, int count) {
        String unnamed = folder.toAbsolutePath() + "/#";
        return waitFor(process, count, target -> target.startsWith(unnamed) || target.endsWith(".pigzfx-tmp"));
    }

    /**
     * Waits until {@code process} has had {@code count} different files of {@code folder} open (to
     * read them); false when it ended first.
     */
    public static boolean waitForInput(Process process, Path folder, int count) {
        String inside = folder.toAbsolutePath() + "/";
        return waitFor(process, count, target -> target.startsWith(inside) && !target.startsWith(inside + "#")
                && !target.endsWith(".pigzfx-tmp"));
    }

    private static boolean waitFor(Process process, int count, java.util.function.Predicate<String> wanted) {
        Path fds = Path.of("/proc", Long.toString(process.pid()), "fd");
        Set<String> seen = new HashSet<>();
        while (process.isAlive()) {
            try (DirectoryStream<Path> open = Files.newDirectoryStream(fds)) {
                for (Path fd : open) {
                    String target = readLink(fd);
                    if (target != null && wanted.test(target) && seen.add(target) && seen.size() == count) {
                        return true;
                    }
                }
            } catch (IOException ended) {
                // the process is gone, or going: the loop's test says which
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return false;
    }

    private static String readLink(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException closed) {
            return null;
        }
    }
}

package dev.pigzfx.batch;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * Turns an I/O failure into the few words a user can act on: "permission denied", "no space left
 * on device". Java's messages repeat the path, which the caller already names, so they are not
 * shown as they are.
 */
final class Reasons {

    private Reasons() {
    }

    static String of(IOException e) {
        return switch (e) {
            case NoSuchFileException x -> "no such file or folder";
            case AccessDeniedException x -> "permission denied";
            case FileAlreadyExistsException x -> "already exists";
            case DirectoryNotEmptyException x -> "folder not empty";
            case NotDirectoryException x -> "not a folder";
            case FileSystemException x -> fromSystem(x.getReason(), x.getMessage());
            default -> fromSystem(e.getMessage(), e.getClass().getSimpleName());
        };
    }

    /** The reason, after the file it concerns where the exception names one: "FILE: permission denied". */
    static String withFile(IOException e) {
        String reason = of(e);
        return e instanceof FileSystemException f && f.getFile() != null && !reason.contains(f.getFile())
                ? f.getFile() + ": " + reason : reason;
    }

    private static String fromSystem(String reason, String fallback) {
        String text = reason != null ? reason : fallback;
        if (text == null) {
            return "input/output error";
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("no space left")) {
            return "no space left on device";
        }
        if (lower.contains("disk quota")) {
            return "disk quota exceeded";
        }
        if (lower.contains("read-only file system")) {
            return "read-only file system";
        }
        if (lower.contains("permission denied")) {
            return "permission denied";
        }
        if (lower.contains("operation not permitted")) {
            // EPERM, not EACCES: an immutable or append-only file, or a change only the owner may make
            return "operation not permitted";
        }
        if (lower.contains("is a directory")) {
            return "is a folder";
        }
        return text;
    }
}

package dev.pigzfx.ui;

import dev.pigzfx.batch.ArchiveMaker;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Where one archive of the list goes: the name the user chose in the Save dialog, else one made of
 * what was added ({@code photos.tar.gz} beside a folder {@code photos}, the folder's name for
 * several things in one folder), numbered so that it never names a file that exists. Made again as
 * the list changes.
 */
final class ArchiveName {

    private static final String SUFFIX = ".tar.gz";
    private static final int MAX_NUMBERED = 1000;

    private final ObjectProperty<Path> chosen = new SimpleObjectProperty<>(this, "chosen");
    private final ReadOnlyObjectWrapper<Path> target = new ReadOnlyObjectWrapper<>(this, "target");
    private final FileQueue queue;

    /** @param changed runs after each new name: the plan says it */
    ArchiveName(FileQueue queue, Runnable changed) {
        this.queue = queue;
        queue.rows().addListener((javafx.collections.ListChangeListener<FileRow>) c -> {
            name();
            changed.run();
        });
        chosen.addListener(o -> {
            name();
            changed.run();
        });
    }

    /** The archive Compress makes when it makes one; null while the list is empty. */
    ReadOnlyObjectProperty<Path> targetProperty() {
        return target.getReadOnlyProperty();
    }

    /** Whether the name was chosen in the Save dialog, which asked before replacing a file. */
    boolean chosen() {
        return chosen.get() != null;
    }

    /** The user's name for the archive; null goes back to the name made of the list. */
    void choose(Path name) {
        chosen.set(name == null ? null : name.toAbsolutePath().normalize());
    }

    private void name() {
        List<Path> roots = queue.roots();
        Path named = chosen.get();
        if (named == null && !roots.isEmpty()) {
            try {
                named = ArchiveMaker.defaultTarget(roots);
            } catch (IllegalArgumentException inDifferentFolders) {
                named = roots.getFirst().resolveSibling("Archive" + SUFFIX);
            }
            named = unused(named);
        }
        target.set(named);
    }

    /**
     * {@code archive}, or the first of {@code NAME (2).tar.gz}, {@code NAME (3).tar.gz}... that does
     * not exist: a name made for the user never replaces a file.
     */
    static Path unused(Path archive) {
        String name = archive.getFileName().toString();
        String stem = name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : name;
        Path free = archive;
        for (int n = 2; Files.exists(free, LinkOption.NOFOLLOW_LINKS) && n < MAX_NUMBERED; n++) {
            free = archive.resolveSibling(stem + " (" + n + ")" + SUFFIX);
        }
        return free;
    }
}

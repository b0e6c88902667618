package dev.pigzfx.ui;

import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The window's file dialogs (add files, add a folder, export), which open where the last one left
 * off. Shared by the regions that open them.
 */
final class FileDialogs {

    private Supplier<Window> owner = () -> null;
    private File lastFolder;

    /** The window the dialogs belong to, once it is known. */
    void owner(Supplier<Window> window) {
        this.owner = window;
    }

    Window window() {
        return owner.get();
    }

    /** Files to add, or none. */
    List<Path> chooseFiles() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Add files to compress");
        startIn(chooser::setInitialDirectory);
        List<File> files = chooser.showOpenMultipleDialog(window());
        if (files == null || files.isEmpty()) {
            return List.of();
        }
        lastFolder = files.getFirst().getParentFile();
        return files.stream().map(File::toPath).toList();
    }

    /** A folder to add, or none. */
    List<Path> chooseFolder() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Add a folder to compress");
        startIn(chooser::setInitialDirectory);
        File folder = chooser.showDialog(window());
        if (folder == null) {
            return List.of();
        }
        lastFolder = folder.getParentFile();
        return List.of(folder.toPath());
    }

    /** Where to save results of {@code kind} ("JSON", "*.json"), or null. */
    Path chooseExport(String kind, String pattern, String name) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the results as " + kind);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(kind, pattern));
        chooser.setInitialFileName(name);
        startIn(chooser::setInitialDirectory);
        File file = chooser.showSaveDialog(window());
        return file == null ? null : file.toPath();
    }

    /** Where to save the archive to make, starting at {@code suggested}; null when the user cancels. */
    Path chooseArchive(Path suggested) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save the archive as");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("gzipped tar archive", "*.tar.gz",
                "*.tgz"));
        if (suggested != null) {
            chooser.setInitialFileName(suggested.getFileName().toString());
            File folder = suggested.getParent() == null ? null : suggested.getParent().toFile();
            if (folder != null && folder.isDirectory()) {
                chooser.setInitialDirectory(folder);
            }
        } else {
            startIn(chooser::setInitialDirectory);
        }
        File file = chooser.showSaveDialog(window());
        return file == null ? null : file.toPath();
    }

    /** Where a dialog opens: the folder the last one left off in, else the home folder (never an empty "Recent"). */
    File startFolder() {
        if (lastFolder != null && lastFolder.isDirectory()) {
            return lastFolder;
        }
        File home = new File(System.getProperty("user.home"));
        return home.isDirectory() ? home : null;
    }

    private void startIn(java.util.function.Consumer<File> initialDirectory) {
        File start = startFolder();
        if (start != null) {
            initialDirectory.accept(start);
        }
    }
}

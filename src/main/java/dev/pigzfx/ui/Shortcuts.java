package dev.pigzfx.ui;

import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/**
 * The window's keys, in one place: the scene's accelerators are made from them and every hint that
 * names one shows it in the platform's own words ("Ctrl+O" on Linux and Windows, "⌘O" on macOS).
 */
final class Shortcuts {

    static final KeyCombination ADD_FILES = new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN);
    static final KeyCombination ADD_FOLDER = new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.SHIFT_DOWN);
    static final KeyCombination COMPRESS = new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN);
    static final KeyCombination QUIT = new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN);
    /** The Action switch: Compress, Decompress, Test. */
    static final KeyCombination COMPRESS_MODE = new KeyCodeCombination(KeyCode.DIGIT1, KeyCombination.SHORTCUT_DOWN);
    static final KeyCombination DECOMPRESS_MODE = new KeyCodeCombination(KeyCode.DIGIT2,
            KeyCombination.SHORTCUT_DOWN);
    static final KeyCombination TEST_MODE = new KeyCodeCombination(KeyCode.DIGIT3, KeyCombination.SHORTCUT_DOWN);
    static final KeyCombination ABOUT = new KeyCodeCombination(KeyCode.F1);

    private Shortcuts() {
    }

    /** {@code what} with the key in brackets: "Add files (Ctrl+O)". */
    static String hint(String what, KeyCombination key) {
        return what + " (" + key.getDisplayText() + ")";
    }
}

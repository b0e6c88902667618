package dev.pigzfx.ui.cells;

import dev.pigzfx.ui.FileRow;
import javafx.scene.control.TableCell;

import java.util.function.Function;

/** A figure or a word in a row, as text. */
public final class TextCell<T> extends TableCell<FileRow, T> {
    private final Function<T, String> format;

    public TextCell(Function<T, String> format) {
        this.format = format;
    }

    @Override
    protected void updateItem(T value, boolean empty) {
        super.updateItem(value, empty);
        setText(empty || value == null ? null : format.apply(value));
    }
}

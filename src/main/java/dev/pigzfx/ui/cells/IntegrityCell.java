package dev.pigzfx.ui.cells;

import dev.pigzfx.ui.FileRow;
import dev.pigzfx.ui.RowState;
import javafx.css.PseudoClass;
import javafx.scene.control.TableCell;

/** "verified, CRC-32 ...", or why not, coloured by which. */
public final class IntegrityCell extends TableCell<FileRow, String> {
    private static final PseudoClass VERIFIED = PseudoClass.getPseudoClass("verified");
    private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");

    public IntegrityCell() {
        getStyleClass().add("integrity-cell");
    }

    @Override
    protected void updateItem(String text, boolean empty) {
        super.updateItem(text, empty);
        FileRow row = empty ? null : getTableRow().getItem();
        setText(empty ? null : text);
        pseudoClassStateChanged(VERIFIED, row != null && row.state() == RowState.DONE);
        pseudoClassStateChanged(FAILED, row != null && row.state() == RowState.FAILED);
    }
}

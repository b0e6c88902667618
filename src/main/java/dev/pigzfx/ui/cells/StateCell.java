package dev.pigzfx.ui.cells;

import dev.pigzfx.ui.FileRow;
import dev.pigzfx.ui.RowState;
import javafx.css.PseudoClass;
import javafx.scene.control.TableCell;
import javafx.scene.layout.Region;

/** An icon and a word; the icon's shape and colour come from CSS by state. */
public final class StateCell extends TableCell<FileRow, RowState> {
    private final Region icon = new Region();

    public StateCell() {
        icon.getStyleClass().add("state-icon");
        getStyleClass().add("state-cell");
    }

    @Override
    protected void updateItem(RowState state, boolean empty) {
        super.updateItem(state, empty);
        for (RowState s : RowState.values()) {
            pseudoClassStateChanged(PseudoClass.getPseudoClass(s.word()), !empty && s == state);
        }
        setText(empty || state == null ? null : state.word());
        setGraphic(empty || state == null ? null : icon);
    }
}

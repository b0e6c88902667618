package dev.pigzfx.ui.cells;

import atlantafx.base.theme.Styles;
import dev.pigzfx.ui.FileRow;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

import java.util.Locale;

/** A bar with the percent beside it. */
public final class ProgressCell extends TableCell<FileRow, Number> {
    private final ProgressBar bar = new ProgressBar();
    private final Label percent = new Label();
    private final HBox box = new HBox(bar, percent);

    public ProgressCell() {
        box.getStyleClass().add("progress-cell");
        bar.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(bar, Priority.ALWAYS);
        bar.getStyleClass().add(Styles.SMALL);
        setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
    }

    @Override
    protected void updateItem(Number value, boolean empty) {
        super.updateItem(value, empty);
        if (empty || value == null) {
            setGraphic(null);
            return;
        }
        bar.setProgress(value.doubleValue());
        // a negative value: under way, how far not known (a bar that spins, no percent)
        percent.setText(value.doubleValue() < 0 ? "" : String.format(Locale.ROOT, "%.0f%%", 100 * value.doubleValue()));
        setGraphic(box);
    }
}

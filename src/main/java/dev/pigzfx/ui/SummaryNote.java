package dev.pigzfx.ui;

import atlantafx.base.controls.Notification;
import atlantafx.base.theme.Styles;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.layout.VBox;

/**
 * The controller of {@code SummaryNote.fxml}: the note that says how the last batch ended, over the
 * table's corner, with a way to its failed files. Made with the window and shown or hidden: its
 * first showing then costs the FX thread nothing it has not done already, at the moment a batch ends.
 */
final class SummaryNote {

    private final MainViewModel vm;
    private final Notification note = new Notification();
    private final Button showFailed = new Button("Show failed");

    @FXML private VBox notificationLayer;

    SummaryNote(MainViewModel vm) {
        this.vm = vm;
    }

    @FXML
    private void initialize() {
        note.getStyleClass().add(Styles.ELEVATED_2);
        note.setOnClose(e -> show(null));
        showFailed.setOnAction(e -> vm.onlyFailedProperty().set(true));
        notificationLayer.getChildren().add(note);
        show(null);
        vm.summaryProperty().addListener((o, was, now) -> show(now));
    }

    private void show(MainViewModel.Summary summary) {
        boolean shown = summary != null;
        note.setVisible(shown);
        note.setManaged(shown);
        if (!shown) {
            return;
        }
        note.setMessage(summary.title() + "\n" + summary.text());
        note.getStyleClass().removeAll(Styles.DANGER, Styles.WARNING, Styles.SUCCESS);
        note.getStyleClass().add(summary.failed() > 0 ? Styles.DANGER
                : summary.cancelled() > 0 ? Styles.WARNING : Styles.SUCCESS);
        if (summary.failed() > 0) {
            note.setPrimaryActions(showFailed);
        } else {
            note.getPrimaryActions().clear();
        }
        note.setAccessibleText(summary.title() + ". " + summary.text());
    }
}

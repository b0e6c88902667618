package dev.pigzfx.ui;

import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;

/**
 * The controller of {@code SummaryNote.fxml}: how the last batch ended, in a band between the
 * table and the footer (it covers no row), coloured by how it ended, with a way to its failed files.
 * It goes when closed, and when the ViewModel forgets the summary (files added, another batch).
 */
final class SummaryNote {

    private static final PseudoClass SUCCESS = PseudoClass.getPseudoClass("success");
    private static final PseudoClass WARNING = PseudoClass.getPseudoClass("warning");
    private static final PseudoClass DANGER = PseudoClass.getPseudoClass("danger");

    private final MainViewModel vm;

    @FXML private HBox note;
    @FXML private Label noteTitle;
    @FXML private Label noteText;
    @FXML private Button showFailedButton;
    @FXML private Button closeButton;

    SummaryNote(MainViewModel vm) {
        this.vm = vm;
    }

    @FXML
    private void initialize() {
        closeButton.setOnAction(e -> vm.dismissSummary());
        closeButton.setTooltip(new Tooltip("Close this note"));
        closeButton.setAccessibleText("Close");
        showFailedButton.setOnAction(e -> vm.onlyFailedProperty().set(true));
        showFailedButton.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        closeButton.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
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
        noteTitle.setText(summary.title());
        noteText.setText(summary.text());
        note.pseudoClassStateChanged(DANGER, summary.failed() > 0);
        note.pseudoClassStateChanged(WARNING, summary.failed() == 0 && summary.cancelled() > 0);
        note.pseudoClassStateChanged(SUCCESS, summary.failed() == 0 && summary.cancelled() == 0);
        showFailedButton.setVisible(summary.failed() > 0);
        showFailedButton.setManaged(summary.failed() > 0);
        note.setAccessibleText(summary.title() + ". " + summary.text());
    }
}

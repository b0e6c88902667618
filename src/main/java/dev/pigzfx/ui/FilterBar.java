package dev.pigzfx.ui;

import javafx.fxml.FXML;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;

/**
 * The controller of {@code FilterBar.fxml}: narrows the table, as the user types, to the rows whose
 * name or folder holds the text and whose state is the one chosen. The footer's figures stay those
 * of the whole batch. Binds to the {@link MainViewModel}; decides nothing.
 */
final class FilterBar {

    private final MainViewModel vm;

    @FXML private TextField filterField;
    @FXML private ComboBox<RowFilter> stateChoice;

    FilterBar(MainViewModel vm) {
        this.vm = vm;
    }

    @FXML
    private void initialize() {
        filterField.textProperty().bindBidirectional(vm.filterTextProperty());
        filterField.setAccessibleText("Find files by name or folder");
        filterField.setTooltip(new Tooltip("Shows only the files whose name or folder holds this text (Esc clears it)"));
        filterField.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE && !filterField.getText().isEmpty()) {
                filterField.clear();
                e.consume();
            }
        });
        stateChoice.getItems().setAll(RowFilter.values());
        stateChoice.setConverter(Choices.named(RowFilter::words));
        stateChoice.valueProperty().bindBidirectional(vm.filterStateProperty());
        stateChoice.setAccessibleText("Show files that are");
    }
}

package dev.pigzfx.ui.cells;

import dev.pigzfx.engine.Engines;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;

import java.util.function.Function;

/** An engine by name; one that cannot run here is greyed out with the reason. */
public final class EngineCell extends ListCell<Engines> {
    private final Function<Engines, String> name;
    private final Function<Engines, String> missing;

    /**
     * @param name    the engine as the window names it
     * @param missing why it cannot run here, or "" when it can
     */
    public EngineCell(Function<Engines, String> name, Function<Engines, String> missing) {
        this.name = name;
        this.missing = missing;
    }

    @Override
    protected void updateItem(Engines engine, boolean empty) {
        super.updateItem(engine, empty);
        if (empty || engine == null) {
            setText(null);
            setDisable(false);
            setTooltip(null);
            return;
        }
        String why = missing.apply(engine);
        setText(name.apply(engine));
        setDisable(!why.isEmpty());
        setTooltip(why.isEmpty() ? null : new Tooltip(why));
    }
}

package dev.pigzfx.ui;

/** The window's colours: as the system says where it can be told, or chosen. */
public enum Theme {
    SYSTEM("System"),
    LIGHT("Light"),
    DARK("Dark");

    private final String label;

    Theme(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}

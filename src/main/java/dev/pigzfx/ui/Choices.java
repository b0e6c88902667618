package dev.pigzfx.ui;

import javafx.util.StringConverter;

import java.util.function.Function;

/** How the window's choice boxes name their items: by the ViewModel's words for them. */
final class Choices {

    private Choices() {
    }

    /** A converter that names each item with {@code toText}; the boxes are not editable. */
    static <T> StringConverter<T> named(Function<T, String> toText) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : toText.apply(value);
            }

            @Override
            public T fromString(String text) {
                throw new UnsupportedOperationException("not editable");
            }
        };
    }
}

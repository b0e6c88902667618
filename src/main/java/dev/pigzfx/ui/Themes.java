package dev.pigzfx.ui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.application.ColorScheme;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;

/**
 * Applies the chosen {@link Theme} to the whole application: AtlantaFX's Primer light or dark
 * stylesheet, and for {@link Theme#SYSTEM} whichever the platform reports, following it when it
 * changes. Where the platform cannot tell, the system theme is light.
 */
final class Themes {

    private Themes() {
    }

    static void follow(ObjectProperty<Theme> choice) {
        Runnable apply = () -> apply(choice.get());
        choice.addListener(o -> apply.run());
        Platform.getPreferences().colorSchemeProperty().addListener(o -> apply.run());
        apply.run();
    }

    static boolean dark(Theme theme) {
        return switch (theme) {
            case DARK -> true;
            case LIGHT -> false;
            case SYSTEM -> Platform.getPreferences().getColorScheme() == ColorScheme.DARK;
        };
    }

    private static void apply(Theme theme) {
        Application.setUserAgentStylesheet(dark(theme) ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }
}

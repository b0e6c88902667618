package dev.pigzfx.ui;

import dev.pigzfx.cli.VersionProvider;
import javafx.application.Application;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/**
 * The window. Until the full interface lands it says what PigzFX is and how to use the command line,
 * so that the README's first command shows something true.
 */
public final class PigzFxApp extends Application {

    public static void open(String[] args) {
        Application.launch(PigzFxApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        Label title = new Label("PigzFX " + VersionProvider.version());
        title.getStyleClass().add("title");
        Label body = new Label("Parallel gzip with every core. The window's file table is on its way;"
                + " until then, compress from a terminal:");
        body.setWrapText(true);
        Label commands = new Label("java -jar target/pigzfx.jar compress FILE|FOLDER...\n"
                + "java -jar target/pigzfx.jar test FILE.gz...");
        commands.getStyleClass().add("code");
        VBox root = new VBox(16, title, body, commands);
        root.setAlignment(Pos.CENTER_LEFT);
        root.setPadding(new Insets(32));
        Scene scene = new Scene(root, 640, 280);
        scene.getStylesheets().add(PigzFxApp.class.getResource("placeholder.css").toExternalForm());
        stage.setTitle("PigzFX");
        stage.setScene(scene);
        stage.show();
    }
}

/** PigzFX: parallel gzip compression, as a JavaFX window and a command line over the same core. */
module dev.pigzfx {
    requires javafx.controls;
    requires javafx.fxml;
    requires atlantafx.base;
    requires java.prefs;
    requires java.desktop; // macOS hands files opened from Finder over through java.awt.Desktop
    requires info.picocli;
    requires org.apache.commons.compress; // tar, for .tar.gz archives
    requires jdk.management;
    requires jdk.httpserver; // pigzfx serve: the original service's HTTP API, on the JDK's own server

    exports dev.pigzfx.engine;
    exports dev.pigzfx.batch;
    exports dev.pigzfx.ui to javafx.graphics;
    opens dev.pigzfx.ui to javafx.fxml;
    opens dev.pigzfx.cli to info.picocli;
}

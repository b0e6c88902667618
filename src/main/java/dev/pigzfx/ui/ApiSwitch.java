package dev.pigzfx.ui;

import dev.pigzfx.server.ApiServer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;

import java.io.IOException;

/**
 * The window's switch for PigzFX's HTTP API: on, a server answers on this machine alone (the
 * port from the settings, 8000 unless set; paths under the user's home) and its page's address is
 * shown; off, or as the window closes, the server stops, cancelling its batches. Remembered. The
 * server starts and stops off the FX thread.
 */
final class ApiSwitch implements AutoCloseable {

    private final BooleanProperty on = new SimpleBooleanProperty(this, "on");
    private final ReadOnlyStringWrapper address = new ReadOnlyStringWrapper(this, "address", "");
    private final Settings settings;
    private final UiThreads threads;
    /** The window's note for the user: why the API could not start. */
    private final ReadOnlyStringWrapper message;
    private ApiServer server;

    ApiSwitch(Settings settings, UiThreads threads, ReadOnlyStringWrapper message) {
        this.settings = settings;
        this.threads = threads;
        this.message = message;
        on.set(settings.apiOn());
        on.addListener((o, was, now) -> {
            settings.saveApiOn(now);
            if (now) {
                start();
            } else {
                stop();
            }
        });
        if (on.get()) {
            start();
        }
    }

    BooleanProperty onProperty() {
        return on;
    }

    /** {@code http://127.0.0.1:8000/docs} while the API answers; empty otherwise. */
    ReadOnlyStringProperty addressProperty() {
        return address.getReadOnlyProperty();
    }

    private void start() {
        int port = settings.apiPort();
        threads.background(() -> {
            try {
                ApiServer started = ApiServer.start(ApiServer.Config.loopback(port));
                threads.fx(() -> {
                    if (on.get() && server == null) {
                        server = started;
                        address.set(started.address() + "docs");
                    } else {
                        threads.background(started::close); // switched off meanwhile
                    }
                });
            } catch (IOException | RuntimeException e) {
                threads.fx(() -> {
                    message.set("The API could not start on port " + port + ": " + e.getMessage()
                            + " (another program may be using it)");
                    on.set(false);
                });
            }
        });
    }

    private void stop() {
        ApiServer running = server;
        server = null;
        address.set("");
        if (running != null) {
            // its running batches are cancelled and waited for: off the FX thread
            threads.background(running::close);
        }
    }

    /** Stops the server now, waiting for its batches to clean up: the window is closing. */
    @Override
    public void close() {
        ApiServer running = server;
        server = null;
        if (running != null) {
            running.close();
        }
    }
}

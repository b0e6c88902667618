package dev.pigzfx.ui;

import dev.pigzfx.engine.Engines;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.scene.Node;
import javafx.scene.input.DataFormat;
import javafx.scene.input.DragEvent;
import javafx.scene.input.Dragboard;
import javafx.scene.input.TransferMode;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.io.File;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * The window's tests' helpers: the toolkit started once (JavaFX's headless platform), work run on
 * the FX thread, and waiting for a condition the way a user waits for the screen to change, by
 * listening for it rather than sleeping.
 */
final class Fx {

    static final long TIMEOUT_SECONDS = 60;

    private Fx() {
    }

    static void start() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
    }

    static <T> T call(Callable<T> work) throws Exception {
        return WaitForAsyncUtils.asyncFx(work).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    static void run(Runnable work) throws Exception {
        call(() -> {
            work.run();
            return null;
        });
    }

    /** Lets every event already queued on the FX thread run. */
    static void settle() {
        WaitForAsyncUtils.waitForFxEvents();
    }

    /**
     * Waits until {@code condition}, read on the FX thread, holds: it is checked now and again each
     * time one of {@code triggers} changes.
     */
    static void await(BooleanSupplier condition, Observable... triggers) throws Exception {
        CountDownLatch met = new CountDownLatch(1);
        InvalidationListener check = o -> {
            if (condition.getAsBoolean()) {
                met.countDown();
            }
        };
        run(() -> {
            for (Observable t : triggers) {
                t.addListener(check);
            }
            check.invalidated(null);
        });
        try {
            if (!met.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError("the condition did not come true in " + TIMEOUT_SECONDS + " s");
            }
        } finally {
            run(() -> {
                for (Observable t : triggers) {
                    t.removeListener(check);
                }
            });
        }
    }

    /** The slowest way to compress, so that a test can act while a file is in hand. */
    static void slowest(MainViewModel vm) {
        vm.engineProperty().set(Engines.ZLIB);
        vm.levelProperty().set(9);
        vm.threadsProperty().set(1);
    }

    /** A preferences node of its own for one test, so tests neither share settings nor touch the user's. */
    static Settings freshSettings() {
        Preferences node = Preferences.userRoot().node("dev/pigzfx-tests/" + System.nanoTime());
        return new Settings(node);
    }

    static void forget(Settings settings) {
        try {
            settings.node().removeNode();
        } catch (BackingStoreException | IllegalStateException ignored) {
            // already gone
        }
    }

    /**
     * Drags {@code files} over {@code target} and drops them, as a file manager would: the same
     * events, carrying the same kind of dragboard. JavaFX offers no public way to make a dragboard,
     * so the toolkit's own is made through its internal helper (reachable from the class path).
     */
    static void drop(Node target, List<File> files, Runnable whileOver) throws Exception {
        Dragboard board = call(() -> {
            Dragboard made = dragboard();
            made.setContent(Map.of(DataFormat.FILES, files));
            return made;
        });
        run(() -> fire(target, board, DragEvent.DRAG_ENTERED, DragEvent.DRAG_OVER));
        whileOver.run();
        run(() -> fire(target, board, DragEvent.DRAG_DROPPED, DragEvent.DRAG_EXITED));
    }

    /** Drag events at the middle of {@code target}, in order, as a drag from another program sends them. */
    @SafeVarargs
    private static void fire(Node target, Dragboard board, javafx.event.EventType<DragEvent>... types) {
        javafx.geometry.Bounds b = target.localToScene(target.getBoundsInLocal());
        for (javafx.event.EventType<DragEvent> type : types) {
            target.fireEvent(new DragEvent(type, board, b.getCenterX(), b.getCenterY(), b.getCenterX(), b.getCenterY(),
                    TransferMode.COPY, null, target, null));
        }
    }

    /**
     * A dragboard over a toolkit clipboard of our own, as a drag from another program has: it
     * holds what was put in and offers copy and move. (JavaFX's local clipboard refuses transfer
     * modes, so it cannot stand in.)
     */
    private static Dragboard dragboard() throws ReflectiveOperationException {
        Class<?> peerType = Class.forName("com.sun.javafx.tk.TKClipboard");
        Map<DataFormat, Object> content = new java.util.HashMap<>();
        Object peer = java.lang.reflect.Proxy.newProxyInstance(Fx.class.getClassLoader(), new Class<?>[] {peerType},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getContentTypes" -> java.util.Set.copyOf(content.keySet());
                    case "putContent" -> {
                        content.clear();
                        for (Object pair : (Object[]) args[0]) {
                            javafx.util.Pair<?, ?> p = (javafx.util.Pair<?, ?>) pair;
                            content.put((DataFormat) p.getKey(), p.getValue());
                        }
                        yield true;
                    }
                    case "getContent" -> content.get((DataFormat) args[0]);
                    case "hasContent" -> content.containsKey((DataFormat) args[0]);
                    case "getTransferModes" -> java.util.Set.of(TransferMode.COPY_OR_MOVE);
                    case "getDragViewOffsetX", "getDragViewOffsetY" -> 0.0;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "test dragboard";
                    default -> null;
                });
        return (Dragboard) Class.forName("com.sun.javafx.scene.input.DragboardHelper")
                .getMethod("createDragboard", peerType).invoke(null, peer);
    }
}

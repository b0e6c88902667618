package dev.pigzfx.ui;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One window per user. A start of PigzFX while its window is open (a second {@code .gz}
 * double-clicked, "Open with PigzFX" on a folder, the menu entry again) hands its paths to the open
 * window, which queues them and comes to the front, and ends. The window listens on a Unix domain
 * socket in the user's own runtime folder; the paths travel as UTF-8, each ended by a NUL (a file
 * name may hold a line break, never a NUL), and the window answers with one byte once it has them.
 */
final class SingleInstance {

    private static final byte END = 0;
    private static final byte TAKEN = 1;

    private final Path socket;
    private ServerSocketChannel server;

    SingleInstance(Path socket) {
        this.socket = socket;
    }

    /**
     * The user's socket for this display: in {@code $XDG_RUNTIME_DIR} (the user's own, on Linux),
     * else in a folder of the user's own under the temporary folder. A window on another display
     * (another X or Wayland session of the same user) is another window.
     */
    static SingleInstance user() {
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        Path dir = runtime != null && Files.isDirectory(Path.of(runtime)) ? Path.of(runtime)
                : Path.of(System.getProperty("java.io.tmpdir"), "pigzfx-" + System.getProperty("user.name"));
        String display = System.getenv("WAYLAND_DISPLAY") != null ? System.getenv("WAYLAND_DISPLAY")
                : System.getenv().getOrDefault("DISPLAY", "");
        return new SingleInstance(dir.resolve("pigzfx-window" + display.replaceAll("[^A-Za-z0-9.-]", "_") + ".sock"));
    }

    /**
     * Hands {@code paths} to the open window, if one listens.
     *
     * @return whether the open window took them (then this start has nothing left to do)
     */
    boolean handOver(List<Path> paths) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            for (Path p : paths) {
                message.writeBytes(p.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8));
                message.write(END);
            }
            ByteBuffer out = ByteBuffer.wrap(message.toByteArray());
            while (out.hasRemaining()) {
                channel.write(out);
            }
            channel.shutdownOutput();
            ByteBuffer answer = ByteBuffer.allocate(1);
            return channel.read(answer) == 1 && answer.get(0) == TAKEN;
        } catch (IOException e) {
            return false; // nobody listens: a socket left by a window that crashed
        }
    }

    /**
     * Listens for later starts on a daemon thread; each one's paths go to {@code opened}, from
     * that thread. A socket file nobody answers on (left by a crash) is replaced.
     *
     * @return whether it listens; when it cannot (no Unix sockets here, a folder it cannot write),
     *         later starts open windows of their own, as they would without it
     */
    boolean listen(Consumer<List<Path>> opened) {
        try {
            Path dir = socket.getParent();
            if (!Files.isDirectory(dir)) {
                try {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (UnsupportedOperationException e) {
                    Files.createDirectories(dir); // Windows: the temporary folder is the user's own already
                }
            }
            Files.deleteIfExists(socket);
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
        Thread.ofPlatform().name("pigzfx-single-instance").daemon().start(() -> serve(opened));
        return true;
    }

    private void serve(Consumer<List<Path>> opened) {
        while (server.isOpen()) {
            try (SocketChannel channel = server.accept()) {
                opened.accept(read(channel));
                channel.write(ByteBuffer.wrap(new byte[] {TAKEN}));
            } catch (IOException e) {
                // closed, or a start that went away mid-message: the next one is served all the same
            }
        }
    }

    private static List<Path> read(SocketChannel channel) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        while (channel.read(buffer) >= 0) {
            all.write(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
        List<Path> paths = new ArrayList<>();
        byte[] bytes = all.toByteArray();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == END) {
                paths.add(Path.of(new String(bytes, start, i - start, StandardCharsets.UTF_8)));
                start = i + 1;
            }
        }
        return paths;
    }

    /** Stops listening and removes the socket, when the window closes. */
    void close() {
        try {
            if (server != null) {
                server.close();
                Files.deleteIfExists(socket);
            }
        } catch (IOException e) {
            // the next window replaces a socket left behind
        }
    }
}

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
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * One window per user. A start of PigzFX while its window is open (a second {@code .gz}
 * double-clicked, "Open with PigzFX" on a folder, the menu entry again) hands its paths to the open
 * window, which queues them and comes to the front, and ends. The window listens on a Unix domain
 * socket in the user's own runtime folder; the paths travel as UTF-8, each ended by a NUL (a file
 * name may hold a line break, never a NUL), and the window answers with one byte once it has them.
 *
 * <p>The hand-over is private and cannot be jammed: the folder must be the user's own and writable
 * by nobody else (another user's folder at the expected name, made to catch the paths, is refused:
 * each start then opens a window of its own); a message has a size limit and a time limit, each
 * start is served on its own thread so that one that never ends holds up no other, bytes that are
 * not a path are passed over, and a start waits for the window's answer only briefly.
 */
final class SingleInstance {

    private static final System.Logger LOG = System.getLogger(SingleInstance.class.getName());
    private static final byte END = 0;
    private static final byte TAKEN = 1;
    /** Far more than the paths of any selection a file manager hands over. */
    static final int MAX_MESSAGE = 16 << 20;
    /** Starts served at once; more are turned away (they open windows of their own). */
    private static final int AT_ONCE = 8;
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    private final Path socket;
    private final Duration patience;
    private final Semaphore serving = new Semaphore(AT_ONCE);
    private ServerSocketChannel server;

    SingleInstance(Path socket) {
        this(socket, PATIENCE);
    }

    /** @param patience how long a message may take to arrive, and a start waits for the answer */
    SingleInstance(Path socket, Duration patience) {
        this.socket = socket;
        this.patience = patience;
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
     * Null when {@code dir} is a folder of this user's that nobody else may write; otherwise why it
     * is not to be used. Where the system has no owners and modes (Windows), the temporary folder is
     * the user's own already.
     */
    static String notPrivate(Path dir) {
        PosixFileAttributes attrs;
        try {
            attrs = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
            return null;
        } catch (IOException e) {
            return "cannot be read (" + e.getMessage() + ")";
        }
        if (!attrs.isDirectory()) {
            return "is not a folder";
        }
        String me = System.getProperty("user.name");
        if (!attrs.owner().getName().equals(me)) {
            return "belongs to " + attrs.owner().getName() + ", not to " + me;
        }
        Set<PosixFilePermission> p = attrs.permissions();
        if (p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE)) {
            return "may be written by other users";
        }
        return null;
    }

    /** Whether the socket's folder may be used; says why not, once, in the log. */
    private boolean folderIsPrivate() {
        String why = notPrivate(socket.getParent());
        if (why != null) {
            LOG.log(System.Logger.Level.WARNING, "{0} {1}: it is not used to hand files to an open window",
                    socket.getParent(), why);
        }
        return why == null;
    }

    /**
     * Hands {@code paths} to the open window, if one listens, waiting for its answer only briefly.
     *
     * @return whether the open window took them (then this start has nothing left to do)
     */
    boolean handOver(List<Path> paths) {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS) || !folderIsPrivate()) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return within(channel, () -> {
                channel.connect(UnixDomainSocketAddress.of(socket));
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
            });
        } catch (IOException e) {
            return false; // nobody listens (a socket left by a window that crashed), or no answer in time
        }
    }

    /**
     * Listens for later starts on a daemon thread; each one's paths go to {@code opened}, from
     * that start's own thread. A socket file nobody answers on (left by a crash) is replaced.
     *
     * @return whether it listens; when it cannot (no Unix sockets here, a folder it cannot write or
     *         that is not the user's own), later starts open windows of their own, as they would without it
     */
    boolean listen(Consumer<List<Path>> opened) {
        try {
            Path dir = socket.getParent();
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (UnsupportedOperationException e) {
                    Files.createDirectories(dir); // Windows: the temporary folder is the user's own already
                }
            }
            if (!folderIsPrivate()) {
                return false;
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
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                continue; // closed (the loop ends), or a start that went away before it was accepted
            }
            if (!serving.tryAcquire()) {
                close(channel); // too many at once: that start opens a window of its own
                continue;
            }
            Thread.ofVirtual().name("pigzfx-single-instance-client").start(() -> {
                try (channel) {
                    List<Path> paths = within(channel, () -> read(channel));
                    if (paths != null) {
                        opened.accept(paths);
                        within(channel, () -> channel.write(ByteBuffer.wrap(new byte[] {TAKEN})));
                    }
                } catch (IOException | RuntimeException e) {
                    // a start that went away mid-message, or sent what is not a message: the next is served
                    LOG.log(System.Logger.Level.DEBUG, "a start's message was not taken", e);
                } finally {
                    serving.release();
                }
            });
        }
    }

    /** An I/O step on a channel, which {@link #within} cuts short. */
    private interface Step<T> {
        T run() throws IOException;
    }

    /** Runs {@code step}, closing {@code channel} should it take longer than the patience allows. */
    private <T> T within(SocketChannel channel, Step<T> step) throws IOException {
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(patience);
                channel.close();
            } catch (InterruptedException | IOException done) {
                // the step ended in time, or the channel is closed already
            }
        });
        try {
            return step.run();
        } finally {
            watchdog.interrupt();
        }
    }

    /** The paths of one message, or null when it is over the size limit. */
    private static List<Path> read(SocketChannel channel) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        while (channel.read(buffer) >= 0) {
            all.write(buffer.array(), 0, buffer.position());
            buffer.clear();
            if (all.size() > MAX_MESSAGE) {
                return null;
            }
        }
        List<Path> paths = new ArrayList<>();
        byte[] bytes = all.toByteArray();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == END) {
                String text = new String(bytes, start, i - start, StandardCharsets.UTF_8);
                start = i + 1;
                try {
                    paths.add(Path.of(text));
                } catch (InvalidPathException e) {
                    LOG.log(System.Logger.Level.WARNING, "a path handed over is not a path here: {0}", e.getMessage());
                }
            }
        }
        return paths;
    }

    private static void close(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // turned away: nothing to keep
        }
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

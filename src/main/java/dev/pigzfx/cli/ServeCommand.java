package dev.pigzfx.cli;

import dev.pigzfx.server.ApiServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** {@code pigzfx serve}: the original service's HTTP API on this machine, until Ctrl+C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Answer PigzFX's HTTP API (POST /compress?input_path=...&compression_level=6, /decompress,"
                + " /test, GET /docs) until stopped. It listens on this machine alone unless --bind says otherwise,"
                + " which needs --token; only paths under the roots are taken."})
final class ServeCommand implements java.util.concurrent.Callable<Integer> {

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8000",
            description = "The port (default: ${DEFAULT-VALUE}; 0 for any free one).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "The address to listen on (default: ${DEFAULT-VALUE}, this machine alone). Another"
                    + " address lets other machines in: it needs --token.")
    String bind;

    @Option(names = "--root", paramLabel = "DIR",
            description = "A folder whose files may be named (repeatable; default: your home folder).")
    List<Path> roots = new ArrayList<>();

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "A token every request but /health must carry: Authorization: Bearer TOKEN.")
    String token;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new ParameterException(spec.commandLine(), "--bind: no such address: " + bind);
        }
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be 0 to 65535, not " + port);
        }
        ApiServer.Config config;
        try {
            config = new ApiServer.Config(address, port, roots, token);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        ApiServer server;
        try {
            server = ApiServer.start(config);
        } catch (IOException e) {
            err.println("pigzfx: cannot listen on " + bind + ":" + port + ": " + e.getMessage());
            return Cli.FAILED;
        }
        if (!address.isLoopbackAddress()) {
            err.println("pigzfx: warning: listening on " + address.getHostAddress() + ", which other machines can"
                    + " reach; every request must carry the token");
        }
        out.println("PigzFX API at " + server.address() + " (described at " + server.address() + "docs)");
        out.println("Paths under " + String.join(", ", server.roots().stream().map(Path::toString).toList())
                + "; Ctrl+C stops it (running batches are cancelled, every original kept).");
        out.flush();
        err.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        return BatchRun.withInterruptHandling(() -> {
            server.close();
            stopped.countDown();
        }, () -> {
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Cli.OK;
        });
    }
}

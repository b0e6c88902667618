package dev.pigzfx.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.pigzfx.About;
import dev.pigzfx.batch.CompressOptions;
import dev.pigzfx.batch.Mode;
import dev.pigzfx.batch.Plan;
import dev.pigzfx.batch.Planner;
import dev.pigzfx.batch.ThroughputModel;
import dev.pigzfx.engine.Engines;
import dev.pigzfx.engine.GzipEngine;
import dev.pigzfx.engine.GzipJob;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * PigzFX's original service, on the user's own machine: {@code POST /compress?input_path=…&
 * compression_level=…} (and {@code /decompress}, {@code /test}) run the same batch as the command
 * line and answer with its {@code --json} body; errors are {@code {"detail": "…"}}. On the JDK's
 * own HTTP server.
 *
 * <h2>Safe by default</h2>
 * It listens on the loopback address only; another address needs a token. Only paths under the
 * roots (the user's home unless told) are taken, after {@code ..}, links and encodings are resolved,
 * so a link inside a root that leads out of it is refused. A request whose {@code Host} is not the
 * address listened on (DNS rebinding) or that a browser sends from another origin is refused, and
 * no CORS header ever opens it. Requests carry no body; a body, concurrent batches and connections
 * are bounded.
 */
public final class ApiServer implements AutoCloseable {

    /**
     * Batches running at once. A request that waits for its answer waits for a place (up to
     * {@link #PLACE_WAIT_SECONDS}); one with async=true is answered 429 when there is none.
     */
    static final int MAX_BATCHES = 4;
    private static final long PLACE_WAIT_SECONDS = 120;
    /** Jobs kept for {@code GET /jobs/ID} once ended: the oldest go first. */
    private static final int KEPT_JOBS = 200;
    /** Handler threads: requests beyond them wait in a bounded queue, then are refused. */
    private static final int HANDLERS = 16;
    private static final int WAITING_REQUESTS = 256;
    /** A request with a larger body is refused: the API takes none. */
    static final long MAX_BODY = 64 * 1024;
    private static final long STOP_WAIT_SECONDS = 30;
    private static final Set<String> BATCH_PARAMETERS = Set.of("input_path", "compression_level", "keep", "threads",
            "strategy", "engine", "async");

    /**
     * How the server runs.
     *
     * @param bind  the address to listen on: loopback unless the user says otherwise
     * @param port  0 for any free port
     * @param roots the folders whose paths may be given; the user's home when empty
     * @param token the token every request but {@code /health} must carry ({@code Authorization:
     *              Bearer T}), or null for none (loopback only)
     */
    public record Config(InetAddress bind, int port, List<Path> roots, String token) {

        public Config {
            roots = List.copyOf(roots);
            if (!bind.isLoopbackAddress() && (token == null || token.isEmpty())) {
                throw new IllegalArgumentException("listening on " + bind.getHostAddress()
                        + " (not this machine alone) needs a token (--token)");
            }
        }

        public static Config loopback(int port) {
            return new Config(InetAddress.getLoopbackAddress(), port, List.of(), null);
        }
    }

    private static final System.Logger LOG = System.getLogger(ApiServer.class.getName());

    private final Config config;
    private final HttpServer server;
    private final ThreadPoolExecutor handlers;
    private final List<Path> roots;
    /** The roots as given, before their links were resolved: a path may name a root either way. */
    private final List<Path> givenRoots;
    private final Set<String> hosts;
    private final Planner planner = new Planner(ThroughputModel.Store.user());
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final java.util.concurrent.Semaphore places = new java.util.concurrent.Semaphore(MAX_BATCHES, true);

    private ApiServer(Config config) throws IOException {
        this.config = config;
        List<Path> given = config.roots().isEmpty() ? List.of(Path.of(System.getProperty("user.home"))) : config.roots();
        List<Path> real = new ArrayList<>();
        for (Path root : given) {
            real.add(root.toRealPath());
        }
        this.roots = List.copyOf(real);
        this.givenRoots = given.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        // connections at once, beyond which the server stops accepting until one closes
        System.setProperty("sun.net.httpserver.maxConnections", "64");
        server = HttpServer.create(new InetSocketAddress(config.bind(), config.port()), 64);
        handlers = new ThreadPoolExecutor(HANDLERS, HANDLERS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(WAITING_REQUESTS), Thread.ofPlatform().name("pigzfx-api-", 0).factory(),
                new ThreadPoolExecutor.AbortPolicy());
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        int port = server.getAddress().getPort();
        String bound = config.bind().getHostAddress();
        hosts = config.bind().isLoopbackAddress()
                ? Set.of("localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port)
                : Set.of(bound.contains(":") ? "[" + bound + "]:" + port : bound + ":" + port);
    }

    /** Starts a server as {@code config} says. */
    public static ApiServer start(Config config) throws IOException {
        ApiServer api = new ApiServer(config);
        api.server.start();
        return api;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Where it answers: {@code http://127.0.0.1:8000/}. */
    public URI address() {
        String host = config.bind().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/");
    }

    /** The roots paths must be under, resolved. */
    public List<Path> roots() {
        return roots;
    }

    /**
     * Stops: no new request is taken, running batches are cancelled (every original stays, nothing
     * half-written is left) and waited for, then the server closes.
     */
    @Override
    public void close() {
        List<Job> running;
        synchronized (jobs) {
            running = jobs.values().stream().filter(j -> !j.isDone()).toList();
        }
        running.forEach(Job::cancel);
        for (Job job : running) {
            try {
                job.done().get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                // it is stopping; the server closes regardless
            }
        }
        server.stop(0);
        handlers.shutdownNow();
    }

    // ---- requests -----------------------------------------------------------------------------

    /** A request that is answered at once with {@code status} and {@code {"detail": …}}. */
    static final class Refused extends Exception {
        final int status;

        Refused(int status, String detail) {
            super(detail, null, false, false);
            this.status = status;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                answer(exchange);
            } catch (Refused r) {
                if (r.status == 401) {
                    exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                }
                send(exchange, r.status, Job.detail(r.getMessage()));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "failed on " + exchange.getRequestURI().getPath(), e);
                send(exchange, 500, Job.detail("The server failed on " + exchange.getRequestURI().getPath() + ": " + e));
            }
        }
    }

    private void answer(HttpExchange exchange) throws IOException, Refused {
        String host = exchange.getRequestHeaders().getFirst("Host");
        // on every address of the machine (a token is then required, which a rebinding page cannot
        // send), the names it is reached by are not known in advance
        boolean anyHost = config.bind().isAnyLocalAddress();
        if (host == null || !anyHost && !hosts.contains(host.toLowerCase(Locale.ROOT))) {
            throw new Refused(403, "Host not allowed: " + host + " (this server answers to " + String.join(", ",
                    hosts.stream().sorted().toList()) + ")");
        }
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (origin != null && !(origin.startsWith("http://") && (anyHost ? origin.substring(7).equalsIgnoreCase(host)
                : hosts.contains(origin.substring(7).toLowerCase(Locale.ROOT))))
                || "cross-site".equals(exchange.getRequestHeaders().getFirst("Sec-Fetch-Site"))) {
            throw new Refused(403, "Requests from other web pages are not allowed");
        }
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null && parseLong(length) > MAX_BODY || exchange.getRequestHeaders().containsKey("Transfer-Encoding")) {
            throw new Refused(413, "The request is too large: the API takes its parameters in the query, no body");
        }
        drain(exchange.getRequestBody());
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        if (path.equals("/health")) {
            allow(method, "GET");
            send(exchange, 200, "{\"status\": \"ok\", \"version\": " + Job.quoted(About.version())
                    + ", \"batches_running\": " + running() + "}");
            return;
        }
        checkToken(exchange);
        switch (path) {
            case "/compress", "/decompress", "/test" -> {
                allow(method, "POST");
                batch(exchange, Mode.valueOf(path.substring(1).toUpperCase(Locale.ROOT)));
            }
            case "/openapi.json" -> {
                allow(method, "GET");
                send(exchange, 200, ApiDocs.openApi(address()));
            }
            case "/docs", "/" -> {
                allow(method, "GET");
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                send(exchange, 200, "text/html; charset=utf-8", ApiDocs.html(address()));
            }
            default -> {
                if (path.startsWith("/jobs/")) {
                    job(exchange, path.substring("/jobs/".length()), method);
                } else {
                    throw new Refused(404, "Not found: " + path + " (the API is described at /docs)");
                }
            }
        }
    }

    private void checkToken(HttpExchange exchange) throws Refused {
        if (config.token() == null) {
            return;
        }
        String given = exchange.getRequestHeaders().getFirst("Authorization");
        byte[] expected = ("Bearer " + config.token()).getBytes(StandardCharsets.UTF_8);
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected)) {
            throw new Refused(401, given == null ? "A token is needed: Authorization: Bearer TOKEN"
                    : "The token is wrong");
        }
    }

    private static void allow(String method, String allowed) throws Refused {
        if (!method.equals(allowed)) {
            throw new Refused(405, "Use " + allowed + " here, not " + method);
        }
    }

    private static long parseLong(String text) throws Refused {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new Refused(400, "Content-Length is not a number");
        }
    }

    /** Reads what a client sent (nothing, or at most {@link #MAX_BODY}), so that the connection can be reused. */
    private static void drain(InputStream body) throws IOException {
        body.transferTo(OutputStream.nullOutputStream());
    }

    private int running() {
        synchronized (jobs) {
            return (int) jobs.values().stream().filter(j -> !j.isDone()).count();
        }
    }

    // ---- batches ------------------------------------------------------------------------------

    private void batch(HttpExchange exchange, Mode mode) throws IOException, Refused {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        for (String name : query.keySet()) {
            if (!BATCH_PARAMETERS.contains(name)) {
                throw new Refused(400, "Unknown parameter: " + name + " (known: " + String.join(", ",
                        BATCH_PARAMETERS.stream().sorted().toList()) + ")");
            }
        }
        String input = query.get("input_path");
        if (input == null || input.isBlank()) {
            throw new Refused(400, "input_path is required: the file or folder to " + mode.name()
                    .toLowerCase(Locale.ROOT));
        }
        Path path = underARoot(input);
        int level = integer(query, "compression_level", CompressOptions.DEFAULT_LEVEL, 1, 9);
        int cores = Runtime.getRuntime().availableProcessors();
        int threads = integer(query, "threads", cores, 1, 1024);
        boolean keep = bool(query, "keep");
        boolean async = bool(query, "async");
        Plan.Strategy strategy;
        Engines engines;
        try {
            strategy = Plan.Strategy.parse(query.getOrDefault("strategy", "adaptive"));
            engines = Engines.parse(query.getOrDefault("engine", "auto"));
        } catch (IllegalArgumentException e) {
            throw new Refused(400, e.getMessage());
        }
        GzipEngine engine = null;
        if (mode == Mode.COMPRESS) {
            try {
                engine = engines.create();
            } catch (IOException e) {
                throw new Refused(400, e.getMessage());
            }
        }
        CompressOptions options = new CompressOptions(level, threads, GzipJob.DEFAULT_BLOCK_SIZE, keep, false, engines);
        synchronized (jobs) {
            checkOverlap(path); // before waiting for a place: an overlap is said at once
        }
        if (!takePlace(async)) {
            throw new Refused(429, MAX_BATCHES + " batches are running, the most at once: try again when one ends");
        }
        Job job;
        try {
            job = begin(mode, path);
        } catch (Refused r) {
            places.release();
            throw r;
        }
        job.start(engine, options, strategy, planner, () -> {
            places.release();
            forgetOldJobs();
        });
        if (async) {
            exchange.getResponseHeaders().set("Location", "/jobs/" + job.id);
            send(exchange, 202, "{\"job\": " + Job.quoted(job.id) + ", \"job_url\": " + Job.quoted("/jobs/" + job.id)
                    + ", \"state\": \"running\"}");
            return;
        }
        Job.Answer answer = job.done().join();
        send(exchange, answer.status(), answer.json());
    }

    /** Registers a batch on {@code path}, unless one runs on a path that holds it or that it holds. */
    private Job begin(Mode mode, Path path) throws Refused {
        synchronized (jobs) {
            checkOverlap(path);
            String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
            Job job = new Job(id, mode, path);
            jobs.put(id, job);
            return job;
        }
    }

    /** Refuses {@code path} when a batch runs on a path that holds it or that it holds; called holding {@link #jobs}. */
    private void checkOverlap(Path path) throws Refused {
        for (Job other : jobs.values()) {
            if (!other.isDone() && (path.startsWith(other.path) || other.path.startsWith(path))) {
                throw new Refused(409, "A batch is already running on " + other.path + " (job " + other.id
                        + "): wait for it, or cancel it with DELETE /jobs/" + other.id);
            }
        }
    }

    /** A place for one more batch: at once for an async request, else waiting for one to end. */
    private boolean takePlace(boolean async) {
        if (async) {
            return places.tryAcquire();
        }
        try {
            return places.tryAcquire(PLACE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void forgetOldJobs() {
        synchronized (jobs) {
            var ended = jobs.values().stream().filter(Job::isDone).toList();
            for (int i = 0; i < ended.size() - KEPT_JOBS; i++) {
                jobs.remove(ended.get(i).id);
            }
        }
    }

    private void job(HttpExchange exchange, String id, String method) throws IOException, Refused {
        Job job;
        synchronized (jobs) {
            job = jobs.get(id);
        }
        if (job == null) {
            throw new Refused(404, "No such job: " + id);
        }
        switch (method) {
            case "GET" -> send(exchange, 200, job.describe());
            case "DELETE" -> {
                job.cancel();
                try {
                    job.done().get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (Exception e) {
                    // still cleaning up: the state says so
                }
                send(exchange, 200, job.describe());
            }
            default -> throw new Refused(405, "Use GET or DELETE on a job, not " + method);
        }
    }

    /**
     * The real path {@code given} names, if it is under a root: resolved lexically first (so that a
     * path out of the roots is refused whether or not it exists), then with its links followed.
     */
    Path underARoot(String given) throws Refused {
        Path path;
        try {
            path = Path.of(given);
        } catch (InvalidPathException e) {
            throw new Refused(400, "input_path is not a path here: " + e.getReason());
        }
        if (!path.isAbsolute()) {
            throw new Refused(400, "input_path must be absolute: " + given);
        }
        Path normal = path.normalize();
        if (roots.stream().noneMatch(normal::startsWith) && givenRoots.stream().noneMatch(normal::startsWith)) {
            throw new Refused(403, "Outside the allowed folders: " + given + " (allowed: " + rootsText() + ")");
        }
        if (!Files.exists(normal, LinkOption.NOFOLLOW_LINKS)) {
            throw new Refused(404, "Path not found: " + given);
        }
        Path real;
        try {
            real = normal.toRealPath();
        } catch (IOException e) {
            throw new Refused(404, "Path not found: " + given + " (" + e.getMessage() + ")");
        }
        if (roots.stream().noneMatch(real::startsWith)) {
            throw new Refused(403, "Outside the allowed folders: " + given + " leads to " + real + " (allowed: "
                    + rootsText() + ")");
        }
        return real;
    }

    private String rootsText() {
        return String.join(", ", roots.stream().map(Path::toString).toList());
    }

    /** The query's parameters, each decoded once ({@code %252e} stays {@code %2e}, not a dot). */
    static Map<String, String> query(String raw) throws Refused {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (params.put(name, value) != null) {
                    throw new Refused(400, "Parameter given twice: " + name);
                }
            } catch (IllegalArgumentException e) {
                throw new Refused(400, "The query is not well encoded: " + e.getMessage());
            }
        }
        return params;
    }

    private static int integer(Map<String, String> query, String name, int otherwise, int min, int max)
            throws Refused {
        String text = query.get(name);
        if (text == null) {
            return otherwise;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new Refused(400, name + " must be a whole number from " + min + " to " + max + ", not " + text);
    }

    private static boolean bool(Map<String, String> query, String name) throws Refused {
        String text = query.get(name);
        if (text == null) {
            return false;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "" -> true;
            case "false", "0", "no" -> false;
            default -> throw new Refused(400, name + " must be true or false, not " + text);
        };
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        send(exchange, status, "application/json", json);
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

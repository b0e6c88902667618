package dev.pigzfx.server;

import dev.pigzfx.testing.Samples;
import dev.pigzfx.testing.Tools;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The HTTP API as a script meets it: real HTTP from Java's client against a server on a free
 * loopback port, over real files; what is refused is refused before any file is touched.
 */
class ApiServerTest {

    @TempDir
    Path dir;

    private Path root;
    private ApiServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void start() throws IOException {
        root = Files.createDirectories(dir.resolve("home"));
        server = ApiServer.start(new ApiServer.Config(InetAddress.getLoopbackAddress(), 0, List.of(root), null));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(String method, String pathAndQuery) throws Exception {
        return send(method, pathAndQuery, null);
    }

    private HttpResponse<String> send(String method, String pathAndQuery, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.address() + pathAndQuery.substring(1)))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encoded(Path path) {
        return URLEncoder.encode(path.toString(), StandardCharsets.UTF_8);
    }

    private static String detail(HttpResponse<String> r) {
        return new JSONObject(r.body()).getString("detail");
    }

    @Test
    void theOriginalServicesCurlExamplesWorkForAFileAndAFolder() throws Exception {
        byte[] text = Samples.text(300_000, 1);
        Path file = Files.write(root.resolve("file.txt"), text);
        Path folder = Files.createDirectories(root.resolve("folder/sub"));
        byte[] other = Samples.text(50_000, 2);
        Files.write(folder.resolve("b.log"), other);

        HttpResponse<String> one = send("POST", "/compress?input_path=" + encoded(file) + "&compression_level=6");
        HttpResponse<String> all = send("POST", "/compress?input_path=" + encoded(root.resolve("folder"))
                + "&compression_level=6");

        assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
        JSONObject f = new JSONObject(one.body()).getJSONArray("files").getJSONObject(0);
        assertThat(f.getString("file_path")).isEqualTo(root.resolve("file.txt.gz").toString());
        assertThat(f.getLong("original_size")).isEqualTo(text.length);
        assertThat(f.getLong("compressed_size")).isEqualTo(Files.size(root.resolve("file.txt.gz")));
        assertThat(f.getString("status")).isEqualTo("success");
        assertThat(Tools.gunzip(Files.readAllBytes(root.resolve("file.txt.gz")))).isEqualTo(text);
        assertThat(file).as("removed once its .gz was proven, as on the command line").doesNotExist();
        assertThat(all.statusCode()).as(all.body()).isEqualTo(200);
        assertThat(new JSONObject(all.body()).getJSONArray("files").getJSONObject(0).getString("file_path"))
                .isEqualTo(folder.resolve("b.log.gz").toString());
        assertThat(Tools.gunzip(Files.readAllBytes(folder.resolve("b.log.gz")))).isEqualTo(other);
        assertThat(one.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void decompressAndTestTakeTheSameShape() throws Exception {
        byte[] text = Samples.text(80_000, 3);
        Files.write(root.resolve("a.txt"), text);
        send("POST", "/compress?input_path=" + encoded(root.resolve("a.txt")));

        HttpResponse<String> tested = send("POST", "/test?input_path=" + encoded(root.resolve("a.txt.gz")));
        HttpResponse<String> back = send("POST", "/decompress?input_path=" + encoded(root.resolve("a.txt.gz"))
                + "&keep=true");

        assertThat(tested.statusCode()).as(tested.body()).isEqualTo(200);
        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
        assertThat(Files.readAllBytes(root.resolve("a.txt"))).isEqualTo(text);
        assertThat(root.resolve("a.txt.gz")).as("keep=true").exists();
    }

    @Test
    void badParametersAre400AndSayWhich() throws Exception {
        Path file = Files.writeString(root.resolve("f.txt"), "data");

        assertThat(send("POST", "/compress").statusCode()).isEqualTo(400);
        HttpResponse<String> level = send("POST", "/compress?input_path=" + encoded(file) + "&compression_level=12");
        HttpResponse<String> unknown = send("POST", "/compress?input_path=" + encoded(file) + "&level=9");
        HttpResponse<String> relative = send("POST", "/compress?input_path=f.txt");
        HttpResponse<String> engine = send("POST", "/compress?input_path=" + encoded(file) + "&engine=bzip");

        assertThat(level.statusCode()).isEqualTo(400);
        assertThat(detail(level)).contains("compression_level must be a whole number from 1 to 9, not 12");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(detail(unknown)).startsWith("Unknown parameter: level");
        assertThat(relative.statusCode()).isEqualTo(400);
        assertThat(engine.statusCode()).isEqualTo(400);
        assertThat(file).as("nothing refused touches a file").hasContent("data");
        assertThat(send("GET", "/compress?input_path=" + encoded(file)).statusCode()).isEqualTo(405);
        assertThat(send("GET", "/nowhere").statusCode()).isEqualTo(404);
    }

    @Test
    void aMissingPathIs404WithTheServicesDetail() throws Exception {
        Path missing = root.resolve("missing.txt");

        HttpResponse<String> r = send("POST", "/compress?input_path=" + encoded(missing));

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(detail(r)).isEqualTo("Path not found: " + missing);
    }

    @Test
    void aFileThatFailsIs500NamingTheFileAndTheCauseWithEveryResultBeside() throws Exception {
        Path damaged = Files.write(root.resolve("damaged.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1});

        HttpResponse<String> r = send("POST", "/decompress?input_path=" + encoded(damaged));

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(detail(r)).startsWith("Decompression failed for file " + damaged + ": ");
        assertThat(new JSONObject(r.body()).getJSONArray("files").getJSONObject(0).getString("status"))
                .isEqualTo("failed");
        assertThat(damaged).as("the damaged .gz is kept").exists();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"HOME/../outside/secret.txt", "HOME/%2e%2e/outside/secret.txt",
            "HOME/%252e%252e/outside/secret.txt", "HOME/..%2Foutside%2Fsecret.txt", "/etc/hostname"})
    void pathsLeadingOutOfTheRootsAreRefused(String path) throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path secret = Files.writeString(outside.resolve("secret.txt"), "secret");
        String query = path.replace("HOME", URLEncoder.encode(root.toString(), StandardCharsets.UTF_8));

        HttpResponse<String> r = send("POST", "/compress?input_path=" + query);

        assertThat(r.statusCode()).as(r.body()).isIn(403, 404);
        assertThat(secret).hasContent("secret");
        assertThat(outside.resolve("secret.txt.gz")).doesNotExist();
    }

    @Test
    @DisabledOnOs(value = OS.WINDOWS, disabledReason = "symbolic links need a right Windows users lack by default")
    void aLinkInsideARootThatLeadsOutIsRefused() throws Exception {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path secret = Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(root.resolve("link"), outside);

        HttpResponse<String> r = send("POST", "/compress?input_path=" + encoded(root.resolve("link/secret.txt")));

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(detail(r)).contains("leads to " + secret.toRealPath());
        assertThat(secret).hasContent("secret");
    }

    /** One request written by hand: the Host header Java's client will not let a caller set. */
    private String raw(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aForeignHostOrAnotherPagesOriginIsRefused() throws Exception {
        Path file = Files.writeString(root.resolve("f.txt"), "data");
        String post = "POST /compress?input_path=" + encoded(file) + " HTTP/1.1\r\nConnection: close\r\n";

        String rebound = raw(post + "Host: attacker.example:" + server.port() + "\r\n\r\n");
        String crossOrigin = raw(post + "Host: 127.0.0.1:" + server.port() + "\r\nOrigin: http://attacker.example\r\n\r\n");
        String sameOrigin = raw("GET /health HTTP/1.1\r\nConnection: close\r\nHost: localhost:" + server.port()
                + "\r\nOrigin: http://localhost:" + server.port() + "\r\n\r\n");

        assertThat(rebound).startsWith("HTTP/1.1 403").contains("Host not allowed: attacker.example");
        assertThat(crossOrigin).startsWith("HTTP/1.1 403").contains("other web pages");
        assertThat(sameOrigin).startsWith("HTTP/1.1 200");
        assertThat(file).hasContent("data");
    }

    @Test
    void aRequestBodyIsRefused() throws Exception {
        String big = "x".repeat((int) ApiServer.MAX_BODY + 1);
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(server.address() + "compress"))
                .POST(HttpRequest.BodyPublishers.ofString(big)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(413);
    }

    @Test
    void withATokenEveryRequestButHealthMustCarryIt() throws Exception {
        server.close();
        server = ApiServer.start(new ApiServer.Config(InetAddress.getLoopbackAddress(), 0, List.of(root), "s3cret"));
        Path file = Files.writeString(root.resolve("f.txt"), "data");

        HttpResponse<String> none = send("POST", "/compress?input_path=" + encoded(file));
        HttpResponse<String> wrong = send("POST", "/compress?input_path=" + encoded(file), "guess");
        HttpResponse<String> health = send("GET", "/health");
        HttpResponse<String> right = send("POST", "/compress?input_path=" + encoded(file), "s3cret");

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(detail(wrong)).isEqualTo("The token is wrong");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(right.statusCode()).isEqualTo(200);
    }

    @Test
    void onEveryAddressAnyHostNameIsTakenAndTheTokenIsWhatGuards() throws Exception {
        server.close();
        server = ApiServer.start(new ApiServer.Config(InetAddress.getByName("0.0.0.0"), 0, List.of(root), "s3cret"));
        String get = "GET /openapi.json HTTP/1.1\r\nConnection: close\r\nHost: build-node-7.example:" + server.port()
                + "\r\n";

        String withToken = raw(get + "Authorization: Bearer s3cret\r\n\r\n");
        String without = raw(get + "\r\n");

        assertThat(withToken).startsWith("HTTP/1.1 200");
        assertThat(without).startsWith("HTTP/1.1 401");
    }

    @Test
    void anotherAddressThanThisMachinesNeedsAToken() {
        assertThatThrownBy(() -> new ApiServer.Config(InetAddress.getByName("0.0.0.0"), 0, List.of(root), null))
                .hasMessageContaining("needs a token");
    }

    /** A file that takes seconds to compress on one thread at level 9 with zlib: there is time to act on it. */
    private Path slowFile() throws IOException {
        Path big = root.resolve("big/big.log");
        Files.createDirectories(big.getParent());
        try (OutputStream out = Files.newOutputStream(big)) {
            byte[] chunk = Samples.text(4 << 20, 7);
            for (int i = 0; i < 24; i++) {
                out.write(chunk);
            }
        }
        return big;
    }

    private static final String SLOW = "&compression_level=9&threads=1&engine=zlib";

    @Test
    void anAsyncJobShowsItsProgressAndDeleteCancelsItKeepingTheOriginal() throws Exception {
        Path big = slowFile();
        long size = Files.size(big);

        HttpResponse<String> started = send("POST", "/compress?input_path=" + encoded(big) + SLOW + "&async=true");
        String url = new JSONObject(started.body()).getString("job_url");
        HttpResponse<String> running = send("GET", url);
        HttpResponse<String> overlapping = send("POST", "/compress?input_path=" + encoded(root) + "&async=true");
        HttpResponse<String> cancelled = send("DELETE", url);

        assertThat(started.statusCode()).isEqualTo(202);
        assertThat(started.headers().firstValue("Location")).contains(url);
        assertThat(running.statusCode()).isEqualTo(200);
        assertThat(new JSONObject(running.body()).getString("state")).isIn("running", "done");
        assertThat(overlapping.statusCode()).as(overlapping.body()).isEqualTo(409);
        assertThat(detail(overlapping)).startsWith("A batch is already running on " + big.toRealPath());
        assertThat(cancelled.statusCode()).isEqualTo(200);
        JSONObject end = new JSONObject(cancelled.body());
        assertThat(end.getString("state")).isEqualTo("cancelled");
        assertThat(end.getJSONArray("files").getJSONObject(0).getString("status")).isEqualTo("cancelled");
        assertThat(Files.size(big)).isEqualTo(size);
        assertThat(big.resolveSibling("big.log.gz")).doesNotExist();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void twoHundredRequestsOverEightConnectionsAllGetTheirRightAnswer() throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            files.add(Files.write(Files.createDirectories(root.resolve("many/d" + i)).resolve("f" + i + ".txt"),
                    Samples.text(2_000 + i * 37, i)));
        }
        ExecutorService connections = Executors.newFixedThreadPool(8);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (Path file : files) {
            java.util.concurrent.Callable<HttpResponse<String>> request =
                    () -> send("POST", "/compress?input_path=" + encoded(file) + "&threads=1");
            answers.add(connections.submit(request));
        }
        connections.shutdown();
        assertThat(connections.awaitTermination(5, TimeUnit.MINUTES)).as("every request answered").isTrue();

        for (int i = 0; i < files.size(); i++) {
            HttpResponse<String> r = answers.get(i).get();
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JSONArray out = new JSONObject(r.body()).getJSONArray("files");
            assertThat(out.length()).isEqualTo(1);
            assertThat(out.getJSONObject(0).getString("source_path")).isEqualTo(files.get(i).toString());
            Path gz = files.get(i).resolveSibling(files.get(i).getFileName() + ".gz");
            assertThat(Tools.gunzip(Files.readAllBytes(gz))).isEqualTo(Samples.text(2_000 + i * 37, i));
        }
        assertThat(new JSONObject(send("GET", "/health").body()).getInt("batches_running")).isZero();
    }

    @Test
    void theServerStopsCleanlyWithABatchRunningAndTheOriginalIntact() throws Exception {
        Path big = slowFile();
        byte[] before = Files.readAllBytes(big);
        HttpResponse<String> started = send("POST", "/compress?input_path=" + encoded(big) + SLOW + "&async=true");
        assertThat(started.statusCode()).isEqualTo(202);
        int port = server.port();

        server.close();

        assertThat(Files.readAllBytes(big)).isEqualTo(before);
        assertThat(big.resolveSibling("big.log.gz")).doesNotExist();
        assertThat(leftovers()).isEmpty();
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void theDocsArePagesOfTheirOwnAndTheOpenApiDescriptionIsJson() throws Exception {
        HttpResponse<String> docs = send("GET", "/docs");
        HttpResponse<String> openApi = send("GET", "/openapi.json");

        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(docs.body()).contains("/compress").contains("input_path").contains("compression_level")
                .doesNotContain("<script").doesNotContain("https://");
        JSONObject api = new JSONObject(openApi.body());
        assertThat(api.getString("openapi")).startsWith("3.");
        assertThat(api.getJSONObject("paths").keySet()).contains("/compress", "/decompress", "/test", "/health",
                "/jobs/{id}");
    }

    /** PigzFX's temporary files under the root. */
    private List<Path> leftovers() throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> p.getFileName().toString().contains(".pigzfx-")).toList();
        }
    }
}

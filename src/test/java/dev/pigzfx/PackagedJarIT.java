package dev.pigzfx;

import dev.pigzfx.platform.Os;
import dev.pigzfx.testing.OpenOutputs;
import dev.pigzfx.testing.Samples;
import dev.pigzfx.testing.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The packaged {@code target/pigzfx.jar}, run as a user runs it: {@code java -jar}, in its own
 * process, on real files. Permission cases run as an unprivileged user ({@code nobody}) when the
 * tests run as root, since root reads and writes through any permission.
 */
class PackagedJarIT {

    private static final Path JAR = Path.of(System.getProperty("pigzfx.jar", "target/pigzfx.jar"));
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));
    /** Where the jar keeps what it learns, away from the user's own settings. */
    private static final Path SETTINGS = Path.of(System.getProperty("java.io.tmpdir"), "pigzfx-it-settings");

    /** What a run of the jar printed and returned. */
    record Run(int status, String out, String err) {
    }

    @BeforeAll
    static void jarIsBuilt() {
        assertThat(JAR).as("run ./mvnw verify, which packages before this test").exists();
    }

    @Test
    void compressesABigLogToGzipThatGzipAcceptsAndRemovesTheOriginal(@TempDir Path dir) throws Exception {
        byte[] data = Samples.text(24 * 1024 * 1024, 1);
        Path log = Files.write(dir.resolve("big.log"), data);

        Run r = jar(List.of(), "compress", "-l", "6", log.toString());

        assertThat(r.status()).as(r.err()).isZero();
        Path gz = dir.resolve("big.log.gz");
        assertThat(log).doesNotExist();
        assertThat(Tools.run(List.of("gzip", "-t", gz.toString()), new byte[0]).status()).isZero();
        assertThat(Tools.gunzip(Files.readAllBytes(gz))).isEqualTo(data);
        assertThat(r.err()).as("no warnings").isEmpty();
    }

    @Test
    void aNewUsersFirstWindowPrintsNothing(@TempDir Path home) throws Exception {
        // as the installers start it: JavaFX and PigzFX on the module path; here on the headless
        // platform, in the training mode that closes the window once it has started
        // from a desktop: standard input is the null device, so PigzFX is no filter
        String modules = JAR.resolveSibling("lib") + java.io.File.pathSeparator + JAR;
        Run r = execFromTheNullDevice(List.of(JAVA, "-Duser.home=" + home, "-Dpigzfx.settings.dir=" + SETTINGS,
                "-Dpigzfx.prefs.node=dev/pigzfx-test",
                "-Dglass.platform=Headless", "-Dprism.order=sw", "-Dpigzfx.training=true",
                "--enable-native-access=javafx.graphics,dev.pigzfx",
                "--module-path", modules, "-m", "dev.pigzfx/dev.pigzfx.Main"));

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out() + r.err()).as("nothing printed on a first start").isEmpty();
        if (Os.current() == Os.LINUX) {
            // macOS and Windows keep preferences in their own stores, which print nothing
            assertThat(home.resolve(".java")).as("the window's settings were kept").isDirectory();
        }
    }

    @Test
    void theCommandLineNeverLoadsJavaFx(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("small.txt"), Samples.text(10_000, 2));
        Path log = dir.resolve("classes.log");

        Run r = jar(List.of("-Xlog:class+load=info:file=" + log), "compress", file.toString());

        assertThat(r.status()).isZero();
        String loaded = Files.readString(log);
        assertThat(loaded).contains("dev.pigzfx.cli.Cli").doesNotContain("javafx.");
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "runs as another user with runuser")
    void unreadableFilesAndFoldersAndUnwritableFoldersFailWithTheReasonAndLoseNothing(@TempDir Path tmp)
            throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("work"));
        Path ok = Files.write(dir.resolve("ok.txt"), Samples.text(100_000, 3));
        Path secret = Files.write(dir.resolve("secret.txt"), Samples.text(100_000, 4));
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Path inside = Files.write(locked.resolve("inside.txt"), Samples.text(100_000, 5));
        Path hidden = Files.createDirectory(dir.resolve("private"));
        Path unseen = Files.write(hidden.resolve("unseen.txt"), Samples.text(1000, 6));
        List<String> prefix = new ArrayList<>();
        Path jar = JAR;
        if (ROOT) {
            jar = copyJarFor(tmp);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            chown("nobody:nogroup", dir, ok); // as the user's own files are: their owner and group
            prefix.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
        }
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        Files.setPosixFilePermissions(hidden, PosixFilePermissions.fromString("---------"));

        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(JAVA, "-Dpigzfx.settings.dir=" + tmp.resolve("settings"), "-jar", jar.toString(),
                "compress", dir.toString()));
        Run r = exec(command);
        Files.setPosixFilePermissions(hidden, PosixFilePermissions.fromString("rwx------"));

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("pigzfx: " + secret + ": cannot read " + secret + ": permission denied"
                + " (original kept)");
        assertThat(r.err()).contains("pigzfx: " + inside + ": cannot write " + inside + ".gz: permission denied"
                + " (original kept)");
        assertThat(r.err()).contains("pigzfx: " + hidden + ": cannot read this folder: permission denied");
        assertThat(Files.readAllBytes(unseen)).isEqualTo(Samples.text(1000, 6));
        assertThat(ok).doesNotExist();
        assertThat(dir.resolve("ok.txt.gz")).exists();
        assertThat(Files.readAllBytes(secret)).isEqualTo(Samples.text(100_000, 4));
        assertThat(Files.readAllBytes(inside)).isEqualTo(Samples.text(100_000, 5));
        try (Stream<Path> s = Files.list(locked)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("inside.txt");
        }
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "runs as another user with runuser")
    void aFileWhoseOwnerItsGzCannotHaveIsKeptAndTheGzIsReadableByItsMakerAlone(@TempDir Path tmp) throws Exception {
        assumeThat(ROOT).as("root, to run as another user").isTrue();
        Path jar = copyJarFor(tmp);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path shared = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        byte[] data = Samples.text(50_000, 9);
        Path report = Files.write(shared.resolve("report.txt"), data);
        Files.setPosixFilePermissions(report, PosixFilePermissions.fromString("rw-r--r--"));

        Run r = exec(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", JAVA,
                "-Dpigzfx.settings.dir=" + tmp.resolve("settings"), "-jar", jar.toString(), "compress",
                report.toString()));

        Path gz = shared.resolve("report.txt.gz");
        assertThat(r.status()).as(r.err()).isEqualTo(1);
        assertThat(r.out()).contains("original kept: " + gz + " cannot be given its owner and group (0:0):"
                + " operation not permitted; it is readable by you alone");
        assertThat(Files.readAllBytes(report)).isEqualTo(data);
        assertThat(Files.getAttribute(gz, "unix:uid")).isEqualTo(65534);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(gz))).isEqualTo("rw-------");
        assertThat(Tools.gunzip(Files.readAllBytes(gz))).isEqualTo(data);
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "the C locale of Linux's launcher")
    void inTheCLocaleNamesThatAreNotAsciiArePassedOverWithTheReasonAndTheRestIsCompressed(@TempDir Path dir)
            throws Exception {
        Files.writeString(dir.resolve("plain.txt"), "plain");
        Files.writeString(dir.resolve("café.txt"), "accented");
        ProcessBuilder shell = new ProcessBuilder("sh", "-c", "printf latin1 > \"$(printf 'caf\\351.txt')\"")
                .directory(dir.toFile());
        assertThat(shell.start().waitFor()).isZero();

        ProcessBuilder pb = new ProcessBuilder(JAVA, "-Dpigzfx.settings.dir=" + SETTINGS, "-jar", JAR.toString(),
                "compress", "-v", dir.toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANG"));
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor()).as(err).isZero();
        assertThat(err).doesNotContain("Exception").contains("is not valid ASCII text");
        assertThat(out).contains("plain.txt -> plain.txt.gz");
        try (Stream<Path> s = Files.list(dir)) {
            // both other files as they were, and no .gz with a mangled name
            assertThat(s.filter(f -> f.toString().endsWith(".gz")).toList()).containsExactly(dir.resolve("plain.txt.gz"));
        }
        assertThat(Files.readString(dir.resolve("café.txt"))).isEqualTo("accented");
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, disabledReason = "watches the process's open files in /proc")
    void terminatingTheProcessMidFileKeepsTheOriginalAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        byte[] data = Samples.text(64 * 1024 * 1024, 6);
        Path log = Files.write(dir.resolve("huge.log"), data);
        Process p = new ProcessBuilder(JAVA, "-Dpigzfx.settings.dir=" + SETTINGS, "-jar", JAR.toString(), "compress",
                "-l", "9", "-p", "1", log.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("output.txt").toFile()).start();
        assertThat(OpenOutputs.waitFor(p, dir, 1)).as("the output was opened").isTrue();
        p.destroy();  // SIGTERM, as a logout or a kill would send; Ctrl+C's SIGINT takes the same path

        p.waitFor();
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(f -> f.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder("huge.log", "output.txt");
        }
        assertThat(Files.readAllBytes(log)).isEqualTo(data);
    }

    private static Run jar(List<String> jvmOptions, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(JAVA, "-Dpigzfx.settings.dir=" + SETTINGS));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        return exec(command);
    }

    @Test
    @EnabledOnOs(value = {OS.LINUX, OS.MAC}, disabledReason = "tar -I and sh")
    void tarUsesItAsItsCompressorBothWaysAndGzipReadsWhatItMade(@TempDir Path dir) throws Exception {
        Path tree = dir.resolve("tree");
        Files.createDirectories(tree.resolve("sub"));
        byte[] big = Samples.text(6 * 1024 * 1024, 11);
        Files.write(tree.resolve("big.log"), big);
        Files.writeString(tree.resolve("sub/small.txt"), "small\n");
        String pigzfx = JAVA + " -Dpigzfx.settings.dir=" + SETTINGS + " -jar " + JAR.toAbsolutePath();
        Path archive = dir.resolve("tree.tgz");

        Run made = exec(List.of("tar", "-I", pigzfx, "-cf", archive.toString(), "-C", dir.toString(), "tree"));
        Path byPigzFx = Files.createDirectory(dir.resolve("by-pigzfx"));
        Run extracted = exec(List.of("tar", "-I", pigzfx, "-xf", archive.toString(), "-C", byPigzFx.toString()));
        Path byGzip = Files.createDirectory(dir.resolve("by-gzip"));
        Run gzipRead = exec(List.of("tar", "-xzf", archive.toString(), "-C", byGzip.toString()));

        assertThat(made.status()).as(made.err()).isZero();
        assertThat(extracted.status()).as(extracted.err()).isZero();
        assertThat(gzipRead.status()).as(gzipRead.err()).isZero();
        for (Path root : List.of(byPigzFx, byGzip)) {
            assertThat(Files.readAllBytes(root.resolve("tree/big.log"))).isEqualTo(big);
            assertThat(Files.readString(root.resolve("tree/sub/small.txt"))).isEqualTo("small\n");
        }
    }

    @Test
    @EnabledOnOs(value = {OS.LINUX, OS.MAC}, disabledReason = "sh and /dev/null")
    void withNoArgumentsPipesMakeAFilterAndANullInputOrAskingOpensTheWindow(@TempDir Path dir) throws Exception {
        byte[] data = Samples.text(200_000, 12);
        Path file = Files.write(dir.resolve("data.txt"), data);
        String java = JAVA + " -Dpigzfx.settings.dir=" + SETTINGS + " -Dpigzfx.prefs.node=dev/pigzfx-test"
                + " -Djava.util.prefs.userRoot=" + SETTINGS.resolve("prefs")
                + " -Dglass.platform=Headless -Dprism.order=sw -Dpigzfx.training=true"
                + " --enable-native-access=javafx.graphics,dev.pigzfx --module-path "
                + JAR.resolveSibling("lib").toAbsolutePath() + ":" + JAR.toAbsolutePath() + " -m dev.pigzfx/dev.pigzfx.Main";

        Run filter = exec(List.of("sh", "-c", "cat '" + file + "' | " + java + " > '" + dir.resolve("data.txt.gz") + "'"));
        Run window = exec(List.of("sh", "-c", java + " < /dev/null > '" + dir.resolve("window.out") + "'"));
        // as Maven's javafx:run starts it: pipes on both sides, and the property that says it is the window
        Run asked = exec(List.of("sh", "-c", "cat '" + file + "' | " + java.replace(" --enable-native-access",
                " -Dpigzfx.window=true --enable-native-access") + " > '" + dir.resolve("asked.out") + "'"));

        assertThat(filter.status()).as(filter.err()).isZero();
        assertThat(Tools.gunzip(Files.readAllBytes(dir.resolve("data.txt.gz")))).isEqualTo(data);
        assertThat(window.status()).as(window.err()).isZero();
        assertThat(dir.resolve("window.out")).as("the window opened and closed, writing no data").isEmptyFile();
        assertThat(asked.status()).as(asked.err()).isZero();
        assertThat(dir.resolve("asked.out")).as("the window, though on pipes").isEmptyFile();
    }

    /** A run whose standard input is the null device, as a desktop starts programs. */
    private static Run execFromTheNullDevice(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command)
                .redirectInput(new java.io.File(Os.current() == Os.WINDOWS ? "NUL" : "/dev/null")).start();
        java.util.concurrent.CompletableFuture<byte[]> err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        byte[] out = p.getInputStream().readAllBytes();
        int status = p.waitFor();
        return new Run(status, new String(out, StandardCharsets.UTF_8), new String(err.join(), StandardCharsets.UTF_8));
    }

    private static Run exec(List<String> command) throws Exception {
        Tools.Run r = Tools.run(command, new byte[0]);
        return new Run(r.status(), new String(r.stdout(), StandardCharsets.UTF_8), r.stderr());
    }

    /** A copy of the jar and its lib/ that an unprivileged user can read, wherever the build is. */
    private static Path copyJarFor(Path tmp) throws IOException {
        Path app = Files.createDirectory(tmp.resolve("app"));
        Path lib = Files.createDirectory(app.resolve("lib"));
        Files.copy(JAR, app.resolve("pigzfx.jar"));
        try (Stream<Path> jars = Files.list(JAR.resolveSibling("lib"))) {
            for (Path j : jars.toList()) {
                Files.copy(j, lib.resolve(j.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        for (Path p : List.of(app, lib)) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return app.resolve("pigzfx.jar");
    }

    private static void chown(String user, Path... paths) throws Exception {
        for (Path p : paths) {
            assertThat(new ProcessBuilder("chown", user, p.toString()).inheritIO().start().waitFor()).isZero();
        }
    }
}

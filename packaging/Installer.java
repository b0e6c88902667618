import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Builds PigzFX's installers for the machine it runs on. {@code ./mvnw -Pinstaller package} runs it
 * once the jar is built; by hand, from the project folder: {@code java packaging/Installer.java VERSION HOMEPAGE}.
 *
 * <ol>
 * <li>jpackage makes the application image: a Java runtime that jlink trims to the modules PigzFX
 *     needs (JavaFX among them, on the module path), the launcher and the icon.</li>
 * <li>On Linux, JavaFX's native libraries are put beside the runtime's (see {@link #addJavaFxLibraries}).</li>
 * <li>A training run of that image opens the window on JavaFX's headless platform, compresses a
 *     folder of generated files and closes. The JVM turns what it loaded, linked and profiled into
 *     an ahead-of-time cache (JEP 483, 514, 515) that ships in the image and that every start of
 *     the launcher uses: the window appears about a third sooner. {@code -Dinstaller.aot=false}
 *     leaves it out.</li>
 * <li>On Linux, {@code bin/pigzfx} is added: the command the PATH, the menu and the file manager
 *     start, quicker than jpackage's launcher (see {@link #addCommand}); and the AppStream metadata.</li>
 * <li>On macOS the finished image is signed (see {@link #sign}): with the identity that
 *     {@code PIGZFX_MAC_SIGNING_IDENTITY} names in the keychain, else ad hoc. Signing comes after
 *     the training, which changes the image, and before the {@code .dmg} is made of it.</li>
 * <li>jpackage wraps the image as the platform's installers: {@code .deb}, and {@code .rpm} where
 *     rpmbuild is installed, on Linux; {@code .msi} on Windows (WiX); {@code .dmg} on macOS.</li>
 * </ol>
 *
 * Everything lands in {@code target/installer/}. The platform's own inputs (menu entry, package
 * scripts, file types, metadata) are in {@code packaging/linux}, {@code packaging/windows} and
 * {@code packaging/macos}.
 */
public class Installer {

    static final String NAME = "PigzFX";
    static final String DESCRIPTION = "Parallel gzip compression for the desktop, with a command line over the same core";
    static final String VENDOR = "The PigzFX authors";
    static final String COPYRIGHT = "Copyright (c) 2026 The PigzFX authors";
    /** Kept for ever: Windows recognises an upgrade of PigzFX by it. */
    static final String WINDOWS_UPGRADE_UUID = "6f0c7c55-3b0e-4d3a-9a49-5d1f6e8c2a17";

    static final Path OUT = Path.of("target", "installer");
    static final String WINDOW_CACHE = "pigzfx.aot";
    static final String COMMAND_LINE_CACHE = "pigzfx-cli.aot";
    /** Windows' console launcher, {@code pigzfx-cli.exe} (packaging/windows/cli-launcher.properties). */
    static final String COMMAND_LINE_LAUNCHER = "pigzfx-cli";
    static final Path IMAGES = OUT.resolve("image");
    /** The preferences node of the training runs, never the user's own ({@code dev/pigzfx}). */
    static final String TRAINING_PREFERENCES = "dev/pigzfx-training";

    enum Os {
        LINUX, WINDOWS, MAC;

        static Os current() {
            String name = System.getProperty("os.name").toLowerCase(Locale.ROOT);
            return name.contains("win") ? WINDOWS : name.contains("mac") ? MAC : LINUX;
        }
    }

    public static void main(String[] args) throws Exception {
        try {
            build(args);
        } catch (IllegalStateException | IllegalArgumentException e) {
            System.err.println("installer: " + e.getMessage());
            System.exit(1);
        }
    }

    static void build(String[] args) throws Exception {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: java packaging/Installer.java VERSION HOMEPAGE");
        }
        String version = args[0];
        String homepage = args[1];
        Os os = Os.current();
        if (os == Os.LINUX && !(onPath("dpkg-deb") && onPath("fakeroot"))) {
            throw new IllegalStateException("jpackage builds the .deb with dpkg-deb and fakeroot (Debian: apt-get install fakeroot)");
        }
        delete(OUT);

        Path image = appImage(os, version);
        if (os == Os.LINUX) {
            addJavaFxLibraries(image);
        }
        String libdeflate = System.getProperty("installer.libdeflate", "");
        if (!libdeflate.isBlank()) {
            addLibdeflate(os, image, Path.of(libdeflate));
        }
        if (!"false".equals(System.getProperty("installer.aot"))) {
            train(os, image);
        }
        if (os == Os.LINUX) {
            addCommand(image);
            addMetainfo(image, version, homepage);
        }
        if (os == Os.MAC) {
            sign(image);
        }
        for (String type : types(os)) {
            // jpackage's rpm step warns "app-image dir not generated by jpackage" about the image
            // its own app-image step made (the deb step does not); the .rpm is complete all the same
            jpackage(packageOptions(os, type, image, version, homepage));
        }
        try (Stream<Path> made = Files.list(OUT)) {
            made.filter(Files::isRegularFile).sorted().forEach(file ->
                    System.out.printf("installer: %s (%.1f MB%s)%n", file, size(file) / 1e6, installedSize(file)));
        }
    }

    /** Step 1: the application image, with its trimmed runtime. */
    static Path appImage(Os os, String version) {
        List<String> options = new ArrayList<>(List.of(
                "--type", "app-image",
                "--dest", IMAGES.toString(),
                "--module", "dev.pigzfx/dev.pigzfx.Main",
                "--module-path", String.join(java.io.File.pathSeparator, "target/lib", "target/pigzfx.jar"),
                // Linux keeps the runtime's bin/java, which bin/pigzfx starts (see addCommand)
                "--jlink-options", "--strip-debug --no-header-files --no-man-pages"
                        + (os == Os.LINUX ? "" : " --strip-native-commands"),
                // JavaFX's loader and the libdeflate engine call native code; users must see no warning
                "--java-options", "--enable-native-access=javafx.graphics,dev.pigzfx",
                // C1 only: the heavy lifting is native deflate, and on few cores C2's compiling
                // competes with it (bench/launcher.sh: many small files 14% faster, large ones
                // the same)
                "--java-options", "-XX:TieredStopAtLevel=1",
                // a young generation of 32 MB: a batch's garbage is short-lived buffers and results,
                // and by default G1 lets the young generation grow into a first heap of 1/64 of the
                // memory, spreading it over far more memory than it needs (bench, in turns on fresh
                // copies: many small files about a tenth faster, 100,000 tiny files 430 -> 217 MB at
                // the peak and a fifth faster, 24 MB files the same)
                "--java-options", "-Xmn32m",
                // the serial collector: its heap follows what is alive, where G1 with the default
                // maximum (a quarter of the memory) lets promoted garbage pile up in the old
                // generation, never starting a marking cycle (200,000 small files, peak RSS: G1 339 MB,
                // parallel 268 MB, serial 249 MB); a batch's live data is small, so its rare full
                // collections are short
                "--java-options", "-XX:+UseSerialGC"));
        options.addAll(about(version));
        switch (os) {
            case LINUX -> options.addAll(List.of("--icon", "icons/png/pigzfx-256.png"));
            case WINDOWS -> options.addAll(List.of(
                    "--icon", "icons/pigzfx.ico",
                    // the window's launcher has no console; this one is for the command line
                    "--add-launcher", "pigzfx-cli=packaging/windows/cli-launcher.properties"));
            case MAC -> options.addAll(List.of(
                    "--icon", "icons/pigzfx.icns",
                    "--mac-package-identifier", "dev.pigzfx",
                    "--mac-package-name", NAME,
                    // into the image's Info.plist: the .dmg step takes the image as it is
                    "--file-associations", "packaging/macos/gz.properties"));
        }
        jpackage(options);
        return IMAGES.resolve(os == Os.MAC ? NAME + ".app" : NAME);
    }

    /**
     * Step 2: training runs of the image record what the window and the command line load, link
     * and profile, and the JVM writes each down as an ahead-of-time cache that the launchers are
     * told to use: {@code pigzfx.aot} for the window (it opens on JavaFX's headless platform,
     * compresses a folder and closes) and {@code pigzfx-cli.aot} for the command line (a
     * {@code compress} of a folder), which then does not load the window's thousands of classes at
     * every start. The runs use folders and settings of their own, so they leave nothing behind.
     */
    static void train(Os os, Path image) throws IOException, InterruptedException {
        Path launcher = switch (os) {
            case LINUX -> image.resolve("bin").resolve(NAME);
            case WINDOWS -> image.resolve(NAME + ".exe");
            case MAC -> image.resolve("Contents/MacOS").resolve(NAME);
        };
        Path app = appDir(os, image);
        Path work = Files.createTempDirectory("pigzfx-training");
        try {
            // Linux keeps preferences in files, moved here by userRoot; Windows (the registry) and macOS
            // (property lists) do not, so the runs use a node of their own there, removed afterwards
            String settings = String.join(" ", "-Djava.util.prefs.userRoot=" + work.resolve("prefs"),
                    "-Dpigzfx.prefs.node=" + TRAINING_PREFERENCES, "-Dpigzfx.settings.dir=" + work.resolve("settings"));
            Path window = record(launcher, work, WINDOW_CACHE, List.of(sampleFolder(work.resolve("files")).toString()),
                    String.join(" ", "-Dpigzfx.training=true", "-Dglass.platform=Headless", "-Dprism.order=sw",
                            settings), app);
            Path commandLine = record(launcher, work, COMMAND_LINE_CACHE,
                    List.of("compress", "-k", sampleFolder(work.resolve("cli")).toString()), settings, app);
            try (Stream<Path> configs = Files.list(app)) {
                for (Path config : configs.filter(p -> p.toString().endsWith(".cfg")).toList()) {
                    // Windows' pigzfx-cli.exe has a configuration of its own
                    String cache = config.getFileName().toString().startsWith(COMMAND_LINE_LAUNCHER)
                            ? COMMAND_LINE_CACHE : WINDOW_CACHE;
                    Files.writeString(config, "java-options=-XX:AOTCache=$APPDIR/" + cache + "\n",
                            StandardCharsets.UTF_8, StandardOpenOption.APPEND);
                }
            }
            System.out.printf("installer: start-up caches %s (%.1f MB) and %s (%.1f MB)%n", window,
                    size(window) / 1e6, commandLine, size(commandLine) / 1e6);
        } finally {
            delete(work);
            forgetTrainingPreferences();
        }
    }

    /** Removes the preferences node the training runs used, where the system keeps it outside {@code work}. */
    static void forgetTrainingPreferences() {
        try {
            java.util.prefs.Preferences root = java.util.prefs.Preferences.userRoot();
            if (root.nodeExists(TRAINING_PREFERENCES)) {
                root.node(TRAINING_PREFERENCES).removeNode();
                root.flush();
            }
        } catch (java.util.prefs.BackingStoreException e) {
            System.out.println("installer: could not remove the training's preferences: " + e.getMessage());
        }
    }

    /**
     * macOS: signs the finished image. With a Developer ID (its name in
     * {@code PIGZFX_MAC_SIGNING_IDENTITY}, the certificate in the keychain), jpackage signs it with
     * the hardened runtime and the entitlements a Java runtime needs, ready for notarisation.
     * Without one it is signed ad hoc, so that the seal matches the trained image: a copy whose
     * seal does not match is refused by Gatekeeper as "damaged", and arm64 Macs run no unsigned code.
     */
    static void sign(Path image) throws IOException, InterruptedException {
        String identity = System.getenv("PIGZFX_MAC_SIGNING_IDENTITY");
        if (identity != null && !identity.isBlank()) {
            jpackage(List.of("--type", "app-image", "--app-image", image.toString(), "--mac-sign",
                    "--mac-signing-key-user-name", identity));
        } else {
            System.out.println("installer: no PIGZFX_MAC_SIGNING_IDENTITY, so the image is signed ad hoc");
            exec(List.of("codesign", "--force", "--deep", "--sign", "-", image.toString()));
        }
        exec(List.of("codesign", "--verify", "--deep", "--strict", "--verbose=2", image.toString()));
    }

    /** Runs a program of the system; fails when it fails. */
    static void exec(List<String> command) throws IOException, InterruptedException {
        int status = new ProcessBuilder(command).inheritIO().start().waitFor();
        if (status != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed with status " + status);
        }
    }

    /** One training run of {@code launcher} with {@code args}, and the cache made from it. */
    static Path record(Path launcher, Path work, String name, List<String> args, String options, Path app)
            throws IOException, InterruptedException {
        Path configuration = work.resolve(name + "conf");
        Path cache = app.resolve(name);
        // -Xlog:aot=error: the JVM names every class it leaves out of the cache (JDK proxies,
        // picocli's unlinked interfaces), some two hundred lines that need no action
        run(launcher, args, String.join(" ", "-XX:AOTMode=record", "-XX:AOTConfiguration=" + configuration,
                "-Xlog:aot=error", options));
        run(launcher, List.of(), String.join(" ", "-XX:AOTMode=create", "-XX:AOTConfiguration=" + configuration,
                "-XX:AOTCache=" + cache, "-Xlog:aot=error"));
        if (!Files.isRegularFile(cache)) {
            throw new IllegalStateException("the training run made no cache: " + cache);
        }
        return cache;
    }

    /**
     * Linux: JavaFX's native libraries beside the runtime's own. JavaFX's jars carry them inside,
     * and loaded from there JavaFX unpacks them into the user's home ({@code ~/.openjfx/cache})
     * and loads them from there: a write into every user's home, and no window where home is
     * mounted noexec. Found beside the runtime's libraries, they are loaded in place.
     */
    static void addJavaFxLibraries(Path image) throws IOException {
        Path lib = image.resolve("lib/runtime/lib");
        try (Stream<Path> jars = Files.list(Path.of("target/lib"))) {
            for (Path jar : jars.filter(j -> j.getFileName().toString().matches("javafx-.*-linux\\.jar")).toList()) {
                try (java.nio.file.FileSystem zip = java.nio.file.FileSystems.newFileSystem(jar);
                     Stream<Path> entries = Files.list(zip.getPath("/"))) {
                    for (Path library : entries.filter(e -> e.toString().endsWith(".so")).toList()) {
                        Files.copy(library, lib.resolve(library.getFileName().toString()),
                                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    /**
     * Windows and macOS: the libdeflate built by the release workflow (a pinned release, from its
     * source) beside the runtime's own libraries, where PigzFX looks first. Before the training
     * runs, which then use it, and before macOS signs the image.
     */
    static void addLibdeflate(Os os, Path image, Path library) throws IOException {
        if (!Files.isRegularFile(library)) {
            throw new IllegalStateException("installer.libdeflate names no file: " + library);
        }
        Path home = switch (os) {
            case LINUX -> image.resolve("lib/runtime");
            case WINDOWS -> image.resolve("runtime");
            case MAC -> image.resolve("Contents/runtime/Contents/Home");
        };
        Path into = home.resolve(os == Os.WINDOWS ? "bin" : "lib").resolve(library.getFileName().toString());
        Files.copy(library, into, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.printf("installer: libdeflate %s, carried in %s%n", library, into);
    }

    /** Where the image keeps the launcher's configuration. */
    static Path appDir(Os os, Path image) {
        return switch (os) {
            case LINUX -> image.resolve("lib/app");
            case WINDOWS -> image.resolve("app");
            case MAC -> image.resolve("Contents/app");
        };
    }

    /** Files to train on: many small ones and one large enough to be split over every core. */
    static Path sampleFolder(Path folder) throws IOException {
        Files.createDirectories(folder.resolve("logs"));
        Random random = new Random(42);
        String[] words = {"gzip", "deflate", "block", "window", "thread", "core", "queue", "batch",
                "verify", "crc", "original", "temporary", "rename", "level", "speed", "ratio"};
        for (int i = 0; i < 200; i++) {
            Files.writeString(folder.resolve("logs").resolve("part-" + i + ".log"), text(random, words, 4_000 + i * 40));
        }
        Files.writeString(folder.resolve("large.log"), text(random, words, 24 << 20));
        return folder;
    }

    static String text(Random random, String[] words, int length) {
        StringBuilder text = new StringBuilder(length + 16);
        while (text.length() < length) {
            text.append(words[random.nextInt(words.length)]).append(random.nextInt(10) == 0 ? '\n' : ' ');
        }
        return text.toString();
    }

    /**
     * Linux: {@code bin/pigzfx}, the command the PATH, the menu and the file manager start. It runs
     * the image's Java with the options of jpackage's launcher, {@code bin/PigzFX}, which at every
     * start asks the package managers which package installed it (rpm -qf, dpkg -S, dpkg -L, twice
     * over): about 0.2 s of each start, window or command line, spent on nothing PigzFX uses.
     */
    static void addCommand(Path image) throws IOException, InterruptedException {
        List<String> config = Files.readAllLines(image.resolve("lib/app/" + NAME + ".cfg"));
        String module = config.stream().filter(line -> line.startsWith("app.mainmodule="))
                .map(line -> line.substring("app.mainmodule=".length())).findFirst()
                .orElseThrow(() -> new IllegalStateException("the launcher's configuration names no main module"));
        StringBuilder options = new StringBuilder();
        boolean cached = false;
        for (String line : config) {
            if (line.startsWith("java-options=")) {
                String option = line.substring("java-options=".length());
                if (option.startsWith("-XX:AOTCache=")) {
                    cached = true;
                    continue;
                }
                if (option.replace("$APPDIR", "").matches(".*[\\\"`$].*")) {
                    throw new IllegalStateException("cannot put this launcher option in a shell script: " + option);
                }
                options.append(" \\\n  \"").append(option.replace("$APPDIR", "$app")).append('"');
            }
        }
        // the command line's own start-up cache for a subcommand or an option, as Cli.wants decides
        String cache = !cached ? "" : """
                case "$1" in
                  compress|decompress|test|help|-*) cache=%s ;;
                  *) cache=%s ;;
                esac
                """.formatted(COMMAND_LINE_CACHE, WINDOW_CACHE);
        if (cached) {
            options.append(" \\\n  \"-XX:AOTCache=$app/$cache\"");
        }
        Path command = image.resolve("bin/pigzfx");
        Files.writeString(command, """
                #!/bin/sh
                # PigzFX: the window, or the command line with a subcommand (pigzfx --help). It starts the
                # bundled Java as bin/PigzFX would, without that launcher's package look-ups.
                here=$(dirname "$(readlink -f "$0")")
                app="$here/../lib/app"
                # Java reads file names in the locale's encoding, and in the C locale that is ASCII:
                # any other name could not be opened. The C locale's UTF-8 form keeps its messages.
                case "${LC_ALL:-${LC_CTYPE:-${LANG:-}}}" in
                  ""|C|POSIX) export LC_ALL=C.UTF-8 ;;
                esac
                %sexec "$here/../lib/runtime/bin/java"%s \\
                  -m %s "$@"
                """.formatted(cache, options, module));
        command.toFile().setExecutable(true, false);
        // the start-up caches must suit this way of starting too: AOTMode=on refuses to run otherwise
        ProcessBuilder check = new ProcessBuilder(command.toAbsolutePath().toString(), "--version")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT);
        if (cached) {
            check.environment().put("JAVA_TOOL_OPTIONS", "-XX:AOTMode=on");
        }
        if (check.start().waitFor() != 0) {
            throw new IllegalStateException(command + " --version failed");
        }
    }

    /** Linux: the AppStream metadata, with this version, installed beside the app by the package. */
    static void addMetainfo(Path image, String version, String homepage) throws IOException {
        String metainfo = Files.readString(Path.of("packaging/linux/dev.pigzfx.PigzFX.metainfo.xml"))
                .replace("@VERSION@", version)
                .replace("@DATE@", java.time.LocalDate.now().toString())
                .replace("@HOMEPAGE@", homepage);
        Files.writeString(image.resolve("lib/dev.pigzfx.PigzFX.metainfo.xml"), metainfo);
    }

    /** The platform installers to make here. */
    static List<String> types(Os os) {
        return switch (os) {
            case LINUX -> {
                if (onPath("rpmbuild")) {
                    yield List.of("deb", "rpm");
                }
                System.out.println("installer: rpmbuild is not installed, so no .rpm (Debian: apt-get install rpm)");
                yield List.of("deb");
            }
            case WINDOWS -> List.of("msi");
            case MAC -> List.of("dmg");
        };
    }

    /** Step 3: one installer from the image. */
    static List<String> packageOptions(Os os, String type, Path image, String version, String homepage) {
        List<String> options = new ArrayList<>(List.of(
                "--type", type,
                "--app-image", image.toString(),
                "--dest", OUT.toString(),
                "--license-file", "LICENSE",
                "--about-url", homepage));
        options.addAll(about(version));
        switch (os) {
            case LINUX -> {
                options.addAll(List.of(
                        "--resource-dir", "packaging/linux",
                        "--file-associations", "packaging/linux/gz.properties",
                        "--linux-package-name", "pigzfx",
                        "--linux-shortcut",
                        "--linux-menu-group", "Utility;Archiving;Compression;",
                        "--linux-rpm-license-type", "MIT"));
                // packaging/linux/control and pigzfx.spec name what PigzFX needs, where jpackage
                // would list every library any file of the runtime links to (some seventy, most of
                // them GTK's own): the C library and zlib (the JDK's), GTK 3 and libXtst (JavaFX's
                // window), libdeflate (the default engine; PigzFX falls back without it). They
                // recommend OpenGL (JavaFX draws in software without it), xdg-utils (the menu
                // entry) and pigz.
                options.addAll(type.equals("deb")
                        ? List.of("--linux-app-category", "utils", "--linux-deb-maintainer", maintainer())
                        : List.of("--linux-app-category", "Applications/Archiving"));
            }
            case WINDOWS -> options.addAll(List.of(
                    "--file-associations", "packaging/windows/gz.properties",
                    "--win-menu", "--win-menu-group", NAME,
                    "--win-shortcut", "--win-shortcut-prompt",
                    "--win-dir-chooser",
                    "--win-upgrade-uuid", WINDOWS_UPGRADE_UUID));
            case MAC -> {
                // the image is signed already (see sign); with an identity, the .dmg is signed too
                options.addAll(List.of("--mac-package-identifier", "dev.pigzfx"));
                String identity = System.getenv("PIGZFX_MAC_SIGNING_IDENTITY");
                if (identity != null && !identity.isBlank()) {
                    options.addAll(List.of("--mac-sign", "--mac-signing-key-user-name", identity));
                }
            }
        }
        return options;
    }

    static List<String> about(String version) {
        return List.of("--name", NAME, "--app-version", version, "--vendor", VENDOR,
                "--description", DESCRIPTION, "--copyright", COPYRIGHT);
    }

    static void jpackage(List<String> options) {
        ToolProvider jpackage = ToolProvider.findFirst("jpackage")
                .orElseThrow(() -> new IllegalStateException("jpackage is missing: JAVA_HOME must be a full JDK 25"));
        System.out.println("installer: jpackage " + String.join(" ", options));
        int status = jpackage.run(System.out, System.err, options.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("jpackage failed with status " + status);
        }
    }

    /** Runs the image's launcher with extra JVM options, as the training needs it; fails on a failure. */
    static void run(Path launcher, List<String> args, String javaOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(launcher.toAbsolutePath().toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put("JAVA_TOOL_OPTIONS", javaOptions);
        int status = builder.start().waitFor();
        if (status != 0) {
            throw new IllegalStateException("the training run failed with status " + status + ": " + command);
        }
    }

    /** A .deb's installed size as its control file says it (dpkg-deb counts it), or nothing. */
    static String installedSize(Path file) {
        if (!file.toString().endsWith(".deb")) {
            return "";
        }
        try {
            Process p = new ProcessBuilder("dpkg-deb", "-f", file.toString(), "Installed-Size").start();
            String kib = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 && kib.matches("\\d+")
                    ? String.format(", %.0f MB installed", Long.parseLong(kib) * 1024 / 1e6) : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** The .deb's maintainer's address: {@code -Dinstaller.maintainer} (the pom's {@code pigzfx.maintainer}). */
    static String maintainer() {
        return System.getProperty("installer.maintainer", "pigzfx@users.noreply.github.com");
    }

    static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void delete(Path tree) throws IOException {
        if (!Files.exists(tree)) {
            return;
        }
        try (Stream<Path> all = Files.walk(tree)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

package dev.pigzfx;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.lang.classfile.constantpool.Utf8Entry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dependencies point one way: ui and cli to batch to engine; engine and batch stay plain Java. Read
 * off the compiled classes (every class their code refers to, in calls, fields, casts, signatures),
 * not off the source text, so that a comment cannot break a rule and a fully qualified name cannot
 * slip past one.
 */
class ArchitectureTest {

    private static final Path CLASSES = Path.of("target/classes/dev/pigzfx");
    /** A class name inside a descriptor or signature: {@code Ljavafx/scene/Node;}. */
    private static final Pattern IN_DESCRIPTOR = Pattern.compile("L([\\w/$]+)[;<]");
    /**
     * What the engine offers the layers above it: the engine to choose and run, its options (with
     * the header's name and time, which only the caller knows), the integrity test and
     * decompression, progress and cancel. The engines' insides (blocks, native bindings, the
     * header's bytes) are reached only through batch.
     */
    private static final Set<String> ENGINE_FACE = Set.of("Cancellation", "Engines", "GzipEngine", "GzipJob",
            "GzipHeader", "IntegrityTest", "Progress", "CompressionResult");

    @Test
    void engineBatchAndServerNeverUseJavaFx() throws IOException {
        assertThat(uses(List.of("engine", "batch", "server"), "javafx/")).isEmpty();
    }

    @Test
    void theServerKnowsNothingOfTheCommandLineOrTheWindow() throws IOException {
        assertThat(uses(List.of("server"), "dev/pigzfx/cli/", "dev/pigzfx/ui/")).isEmpty();
    }

    @Test
    void engineKnowsNothingOfTheLayersAboveIt() throws IOException {
        assertThat(uses(List.of("engine"), "dev/pigzfx/batch/", "dev/pigzfx/cli/", "dev/pigzfx/ui/")).isEmpty();
    }

    @Test
    void batchKnowsNothingOfTheCommandLineOrTheWindow() throws IOException {
        assertThat(uses(List.of("batch"), "dev/pigzfx/cli/", "dev/pigzfx/ui/")).isEmpty();
    }

    @Test
    void theWindowAndTheCommandLineReachTheEngineOnlyThroughItsFace() throws IOException {
        List<String> found = new ArrayList<>();
        for (String dependency : uses(List.of("ui", "cli", "server"), "dev/pigzfx/engine/")) {
            String engineClass = dependency.substring(dependency.lastIndexOf("dev/pigzfx/engine/") + 18);
            String outer = engineClass.split("\\$")[0];
            if (!ENGINE_FACE.contains(outer)) {
                found.add(dependency);
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void theRulesSeeWhatTheCodeUses() throws IOException {
        // the ui really uses JavaFX and batch really uses engine: a reader that saw nothing would pass everything
        assertThat(uses(List.of("ui"), "javafx/")).isNotEmpty();
        assertThat(uses(List.of("batch"), "dev/pigzfx/engine/")).isNotEmpty();
    }

    /** "Class -> dependency" for every class in {@code packages} that refers to a name starting with a prefix. */
    private static List<String> uses(List<String> packages, String... prefixes) throws IOException {
        assertThat(CLASSES).as("compiled classes (the tests run after compile)").isDirectory();
        List<String> found = new ArrayList<>();
        for (String pkg : packages) {
            try (Stream<Path> files = Files.walk(CLASSES.resolve(pkg))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                    ClassModel model = ClassFile.of().parse(Files.readAllBytes(f));
                    for (String dependency : dependencies(model)) {
                        for (String prefix : prefixes) {
                            if (dependency.startsWith(prefix)) {
                                found.add(model.thisClass().asInternalName() + " -> " + dependency);
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    /** Every class a compiled class refers to: its class entries and the names in its descriptors. */
    private static Set<String> dependencies(ClassModel model) {
        Set<String> names = new TreeSet<>();
        for (PoolEntry entry : model.constantPool()) {
            if (entry instanceof ClassEntry c) {
                names.add(c.asInternalName().replaceFirst("^\\[*L?", "").replaceFirst(";$", ""));
            } else if (entry instanceof Utf8Entry text) {
                Matcher m = IN_DESCRIPTOR.matcher(text.stringValue());
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        names.remove(model.thisClass().asInternalName());
        return names;
    }
}

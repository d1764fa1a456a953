package org.onboarding.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * No drift between the apps and their manifests: each app's Deployment and Service are written by quarkus-kubernetes
 * at package time into k8s/base/&lt;app&gt;/generated/kubernetes.yml (committed, read by kustomize). In the reactor
 * the apps are packaged before this module, so a change of an app's {@code quarkus.kubernetes.*} (or of anything the
 * extension derives from: ports, health, image) shows up here as a difference from the committed file.
 */
class GeneratedManifestsTest {

    static final Path REPO = Kustomize.K8S.getParent();

    static final String REGENERATE = "Regenerate with `./mvnw -B package -DskipTests -pl " + String.join(",",
            OverlaysTest.APPS) + "` (each build writes k8s/base/<app>/generated/kubernetes.yml) and commit the "
            + "result.";

    static List<String> apps() {
        return OverlaysTest.APPS;
    }

    /** The build writes the file kustomize reads, reproducibly (no timestamps, no build-host values). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void theAppWritesItsManifestsWhereKustomizeReadsThem(String app) throws IOException {
        Properties config = OverlaysTest.properties(app);
        assertEquals("../k8s/base/" + app + "/generated", config.getProperty("quarkus.kubernetes.output-directory"),
                app + " must write its manifests into k8s/base/" + app + "/generated");
        assertEquals("true", config.getProperty("quarkus.kubernetes.idempotent"), app + ": no timestamps");
        Path generated = OverlaysTest.generatedFile(app);
        assertTrue(Files.isRegularFile(generated), generated + " is missing. " + REGENERATE);
        String yaml = Files.readString(generated);
        for (String hostSpecific : List.of("build-timestamp", "commit-id", "vcs-uri", REPO.toString(),
                System.getProperty("user.home"))) {
            assertFalse(yaml.contains(hostSpecific), generated + " contains " + hostSpecific
                    + ": it would differ between builds");
        }
    }

    /**
     * What the build generated (the working tree) is what is committed, object for object. Not byte for byte:
     * Quarkus runs its build steps in parallel, so lists it assembles from several of them (ports, label maps) may
     * come out in another order from one build to the next; such a reordering is no change.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("apps")
    void theCommittedGeneratedFileIsWhatTheBuildGeneratesNow(String app) throws IOException {
        requireGitWorkTree();
        String file = "k8s/base/" + app + "/generated/kubernetes.yml";
        Commands.Result committed = Commands.run(REPO, 60, List.of("git", "show", "HEAD:" + file));
        assertTrue(committed.ok(), () -> file + " is not committed. " + REGENERATE + "\n" + committed.describe());
        String built = Files.readString(REPO.resolve(file));
        assertEquals(objects(committed.output()), objects(built), () -> file + " differs from the committed one:\n"
                + Commands.run(REPO, 60, List.of("git", "diff", "--no-color", "HEAD", "--", file)).output() + "\n"
                + REGENERATE);
    }

    /** Reordering is no change, anything else is: a value, a field, an element more or less. */
    @Test
    void theComparisonIgnoresOrderOnly() {
        String yaml = """
                kind: Service
                metadata:
                  labels: {a: "1", b: "2"}
                spec:
                  ports:
                    - {name: http, port: 80}
                    - {name: edge-tls, port: 1280}
                """;
        String reordered = """
                kind: Service
                metadata:
                  labels: {b: "2", a: "1"}
                spec:
                  ports:
                    - {port: 1280, name: edge-tls}
                    - {name: http, port: 80}
                """;
        assertEquals(objects(yaml), objects(reordered));
        assertFalse(objects(yaml).equals(objects(reordered.replace("1280", "1281"))));
        assertFalse(objects(yaml).equals(objects(reordered.replace("    - {name: http, port: 80}\n", ""))));
        assertFalse(objects(yaml).equals(objects(reordered.replace("b: \"2\", ", ""))));
    }

    private static void requireGitWorkTree() {
        if (!Commands.onPath("git")) {
            Commands.missingTool("git is not on the PATH: the generated manifests cannot be compared with the commit");
        }
        Commands.Result inside = Commands.run(REPO, 60, List.of("git", "rev-parse", "--is-inside-work-tree"));
        if (!inside.ok() || !inside.output().strip().equals("true")) {
            Commands.missingTool(REPO + " is not a git work tree: the generated manifests cannot be compared with "
                    + "the commit");
        }
    }

    private static final YAMLMapper YAML = new YAMLMapper();

    /** The documents as JSON trees (maps compare regardless of order), named list elements sorted by name. */
    static Set<JsonNode> objects(String yaml) {
        Set<JsonNode> docs = new HashSet<>();
        try (var it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                var doc = (JsonNode) it.next();
                if (doc != null && !doc.isNull()) {
                    docs.add(normalize(doc));
                }
            }
        } catch (IOException e) {
            throw new AssertionError("not YAML: " + e.getMessage(), e);
        }
        return docs;
    }

    private static JsonNode normalize(JsonNode node) {
        if (node.isObject()) {
            var copy = YAML.createObjectNode();
            node.properties().forEach(e -> copy.set(e.getKey(), normalize(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            List<JsonNode> items = new ArrayList<>();
            node.forEach(item -> items.add(normalize(item)));
            if (items.stream().allMatch(i -> i.path("name").isTextual())) {
                items.sort(Comparator.comparing(i -> i.path("name").asText()));
            }
            var copy = YAML.createArrayNode();
            items.forEach(copy::add);
            return copy;
        }
        return node;
    }
}

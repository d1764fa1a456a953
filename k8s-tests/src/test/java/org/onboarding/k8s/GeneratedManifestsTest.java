package org.onboarding.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
        // when this build packaged the app, it also wrote the file (a stale one means the output went elsewhere)
        Path jar = REPO.resolve(app).resolve("target/quarkus-app/quarkus-run.jar");
        if (Files.exists(jar)) {
            Path thinJar = REPO.resolve(app).resolve("target/" + app + "-" + System.getProperty("project.version",
                    "1.0.0-SNAPSHOT") + ".jar");
            if (Files.exists(thinJar)) {
                assertFalse(Files.getLastModifiedTime(generated).compareTo(Files.getLastModifiedTime(thinJar)) < 0,
                        app + " was packaged after " + generated + " was last written: the build did not write it. "
                                + REGENERATE);
            }
        }
    }

    /** What the build generated (the working tree) is what is committed: no modified, deleted or new files. */
    @Test
    void theCommittedGeneratedFilesAreWhatTheBuildGeneratesNow() {
        if (!Commands.onPath("git")) {
            Commands.missingTool("git is not on the PATH: the generated manifests cannot be compared with the commit");
        }
        Commands.Result inside = Commands.run(REPO, 60, List.of("git", "rev-parse", "--is-inside-work-tree"));
        if (!inside.ok() || !inside.output().strip().equals("true")) {
            Commands.missingTool(REPO + " is not a git work tree: the generated manifests cannot be compared with "
                    + "the commit");
        }
        List<String> paths = apps().stream().map(app -> "k8s/base/" + app + "/generated").toList();
        List<String> status = new java.util.ArrayList<>(List.of("git", "status", "--porcelain",
                "--untracked-files=all", "--"));
        status.addAll(paths);
        Commands.Result changed = Commands.run(REPO, 60, status);
        assertTrue(changed.ok(), changed.describe());
        List<String> diff = new java.util.ArrayList<>(List.of("git", "diff", "--no-color", "HEAD", "--"));
        diff.addAll(paths);
        assertEquals("", changed.output().strip(), () -> "The generated Kubernetes manifests differ from the committed "
                + "ones:\n" + changed.output() + Commands.run(REPO, 60, diff).output() + "\n" + REGENERATE);
        for (String app : apps()) {
            String file = "k8s/base/" + app + "/generated/kubernetes.yml";
            assertTrue(Commands.run(REPO, 60, List.of("git", "ls-files", "--error-unmatch", file)).ok(),
                    file + " is not committed. " + REGENERATE);
        }
    }
}

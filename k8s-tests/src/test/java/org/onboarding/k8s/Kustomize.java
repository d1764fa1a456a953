package org.onboarding.k8s;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Renders kustomizations with {@code kubectl kustomize} (offline: it never contacts a cluster). */
final class Kustomize {

    /** The checked-in manifests: {@code -Dk8s.dir}, set by the pom to {@code ../k8s}. */
    static final Path K8S = Path.of(System.getProperty("k8s.dir", "../k8s")).toAbsolutePath().normalize();

    /** Where renders are written for the Node validator (target/k8s). */
    static final Path WORK = Path.of(System.getProperty("k8s.work.dir", "target/k8s")).toAbsolutePath().normalize();

    private static final Map<String, Path> RENDERED = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    /** Skips the calling test (CI has kubectl) when kubectl is missing. */
    static void requireKubectl() {
        if (!Commands.onPath("kubectl")) {
            Commands.missingTool("kubectl is not on the PATH: the Kubernetes manifests are not rendered nor validated here. Install "
                    + "kubectl (client only, no cluster needed) to run these checks; CI has it.");
        }
    }

    /** The rendered YAML of {@code k8s/<kustomization>} (e.g. "overlays/dev"), written once per test run. */
    static Path render(String kustomization) {
        requireKubectl();
        return RENDERED.computeIfAbsent(kustomization, k -> {
            Path dir = K8S.resolve(k);
            if (!Files.isDirectory(dir)) {
                throw new IllegalStateException("no kustomization at " + dir);
            }
            Commands.Result result = Commands.run(K8S, 120, List.of("kubectl", "kustomize", dir.toString()));
            if (!result.ok()) {
                throw new AssertionError("kubectl kustomize " + k + " failed:\n" + result.output());
            }
            try {
                Files.createDirectories(WORK);
                Path out = WORK.resolve(k.replace('/', '-') + ".yaml");
                Files.writeString(out, result.output());
                return out;
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}

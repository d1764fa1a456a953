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

    /**
     * The kustomizations to check, found on disk: {@code base} and every {@code overlays/<name>} holding a
     * kustomization file. A new overlay is checked without anyone touching the tests.
     */
    static List<String> kustomizations(Path k8s) {
        List<String> found = new java.util.ArrayList<>();
        if (isKustomization(k8s.resolve("base"))) {
            found.add("base");
        }
        try (var overlays = Files.list(k8s.resolve("overlays"))) {
            overlays.filter(Kustomize::isKustomization).map(d -> "overlays/" + d.getFileName()).sorted()
                    .forEach(found::add);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot list " + k8s.resolve("overlays"), e);
        }
        return found;
    }

    private static boolean isKustomization(Path dir) {
        return Files.isDirectory(dir) && List.of("kustomization.yaml", "kustomization.yml", "Kustomization").stream()
                .anyMatch(name -> Files.isRegularFile(dir.resolve(name)));
    }

    /** The oldest kubectl whose built-in kustomize (v5) renders these kustomizations. */
    static final int MIN_KUBECTL_MINOR = 27;

    private static final String GET_KUBECTL = "Install kubectl >= 1." + MIN_KUBECTL_MINOR + " (client only, no cluster "
            + "needed; its built-in kustomize v5 renders `labels`/`replicas`/inline `patches`) from "
            + "https://kubernetes.io/docs/tasks/tools/install-kubectl-linux/ — not Debian's kubernetes-client 1.20.";

    private static Boolean kubectlUsable;

    /** Skips the calling test (fails it in CI) when kubectl is missing or too old to render these kustomizations. */
    static synchronized void requireKubectl() {
        if (!Commands.onPath("kubectl")) {
            Commands.missingTool("kubectl is not on the PATH: the Kubernetes manifests are not rendered nor validated "
                    + "here. " + GET_KUBECTL);
        }
        if (kubectlUsable == null) {
            kubectlUsable = Commands.version(List.of("kubectl", "version", "--client"))
                    .map(v -> v[0] > 1 || (v[0] == 1 && v[1] >= MIN_KUBECTL_MINOR)).orElse(false);
        }
        if (!kubectlUsable) {
            Commands.missingTool("kubectl on the PATH is older than 1." + MIN_KUBECTL_MINOR + " (or says no version): "
                    + "its kustomize cannot render these manifests. " + GET_KUBECTL);
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
                throw new AssertionError("kubectl kustomize " + k + " failed:\n" + result.describe());
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

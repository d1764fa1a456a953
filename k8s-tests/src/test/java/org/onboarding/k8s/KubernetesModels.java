package org.onboarding.k8s;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Schema validation with the npm package kubernetes-models (types, formats, required fields), through
 * {@code src/test/node/validate.mjs}. The pinned packages are installed once per run with {@code npm ci} into
 * target/k8s/node, from the committed package-lock.json.
 */
final class KubernetesModels {

    private static final Path SOURCE = Path.of(System.getProperty("k8s.node.dir", "src/test/node")).toAbsolutePath();
    private static final Path NODE_DIR = Kustomize.WORK.resolve("node");
    private static final List<String> FILES = List.of("package.json", "package-lock.json", "validate.mjs");

    /** kubernetes-models 5.1.0 declares node >= 22 in its engines; it runs on 20 (npm warns EBADENGINE). */
    static final int MIN_NODE = 20;

    private static boolean installed;

    private KubernetesModels() {
    }

    /** Validates every object of the YAML file; the result's output lists each invalid object and why. */
    static Commands.Result validate(Path yaml) {
        install();
        return Commands.run(NODE_DIR, 120, List.of("node", "validate.mjs", yaml.toAbsolutePath().toString()));
    }

    private static synchronized void install() {
        if (installed) {
            return;
        }
        if (!Commands.onPath("node") || !Commands.onPath("npm")) {
            Commands.missingTool("node/npm are not on the PATH: the kubernetes-models schema validation is skipped. Install "
                    + "Node.js " + MIN_NODE + "+ (https://nodejs.org/en/download) to run it; CI has it.");
        }
        int major = Commands.version(List.of("node", "--version")).map(v -> v[0]).orElse(0);
        if (major < MIN_NODE) {
            Commands.missingTool("node " + major + " is too old for kubernetes-models: install Node.js " + MIN_NODE
                    + "+ (https://nodejs.org/en/download; Debian bookworm's nodejs is 18)");
        }
        try {
            Files.createDirectories(NODE_DIR);
            boolean lockChanged = !Files.exists(NODE_DIR.resolve("node_modules"))
                    || !Files.exists(NODE_DIR.resolve("package-lock.json"))
                    || Files.mismatch(SOURCE.resolve("package-lock.json"), NODE_DIR.resolve("package-lock.json")) != -1;
            for (String file : FILES) {
                Files.copy(SOURCE.resolve(file), NODE_DIR.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
            if (lockChanged) {
                Commands.Result npm = Commands.run(NODE_DIR, 300,
                        List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"));
                if (!npm.ok()) {
                    throw new AssertionError("npm ci in " + NODE_DIR + " failed:\n" + npm.describe());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        installed = true;
    }
}

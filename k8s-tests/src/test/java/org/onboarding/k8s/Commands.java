package org.onboarding.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the external tools the checks need (kubectl, node, npm), each with a time limit. */
final class Commands {

    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private Commands() {
    }

    /**
     * A missing tool skips the checks on a developer's machine; in CI ({@code K8S_TESTS_REQUIRE_TOOLS=true} or
     * {@code -Dk8s.requireTools=true}) it fails them, so that the validation can never be skipped silently there.
     */
    static void missingTool(String message) {
        if (Boolean.getBoolean("k8s.requireTools") || "true".equals(System.getenv("K8S_TESTS_REQUIRE_TOOLS"))) {
            throw new AssertionError(message + " (required: K8S_TESTS_REQUIRE_TOOLS / k8s.requireTools is set)");
        }
        org.junit.jupiter.api.Assumptions.abort(message);
    }

    /** Whether an executable of that name is on the PATH. */
    static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Runs the command in {@code dir}; stdout and stderr together in {@link Result#output()}. */
    static Result run(Path dir, long timeoutSeconds, List<String> command) {
        try {
            Path log = Files.createTempFile("k8s-tests-", ".log");
            try {
                Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish within "
                            + timeoutSeconds + " s");
                }
                return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }
}

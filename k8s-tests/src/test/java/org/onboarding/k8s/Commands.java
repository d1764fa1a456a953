package org.onboarding.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the external tools the checks need (kubectl, node, npm), each with a time limit. */
final class Commands {

    /** {@code output} is stdout only (what callers parse); {@code errors} is stderr (warnings, diagnostics). */
    record Result(int exitCode, String output, String errors) {
        boolean ok() {
            return exitCode == 0;
        }

        /** Both streams, for failure messages. */
        String describe() {
            return errors.isBlank() ? output : output + "\n[stderr]\n" + errors;
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

    /** The first {@code major.minor} in the tool's version output (e.g. [1, 32] for kubectl v1.32.4), if any. */
    static java.util.Optional<int[]> version(List<String> command) {
        Result result;
        try {
            result = run(Path.of("."), 60, command);
        } catch (IllegalStateException e) {
            return java.util.Optional.empty();
        }
        var matcher = java.util.regex.Pattern.compile("v?(\\d+)\\.(\\d+)").matcher(result.output() + result.errors());
        return matcher.find()
                ? java.util.Optional.of(new int[] { Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)) })
                : java.util.Optional.empty();
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

    /**
     * Runs the command in {@code dir}. stdout and stderr are kept apart: a warning on stderr (kubectl, npm) must never
     * end up in the YAML or report that the caller parses.
     */
    static Result run(Path dir, long timeoutSeconds, List<String> command) {
        try {
            Path out = Files.createTempFile("k8s-tests-", ".out");
            Path err = Files.createTempFile("k8s-tests-", ".err");
            try {
                Process process = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish within "
                            + timeoutSeconds + " s");
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
    }
}

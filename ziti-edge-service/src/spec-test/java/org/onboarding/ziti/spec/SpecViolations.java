package org.onboarding.ziti.spec;

import io.restassured.response.Response;

import java.util.ArrayList;
import java.util.List;

/**
 * Responses a test got outside the generated client (through REST-assured), each checked against an upstream spec as
 * it comes; what does not conform is kept, to be reported once at the end of the test.
 */
final class SpecViolations {

    private final List<String> found = new ArrayList<>();

    /** Checks the response to {@code method specPath} (the path as the spec names it, no query); returns it. */
    Response check(UpstreamSpec spec, String method, String specPath, Response response) {
        String operationId = spec.operationId(method, specPath);
        List<String> violations = spec.violations(operationId, response.statusCode(), response.asString());
        if (!violations.isEmpty()) {
            found.add(method + " " + specPath + " -> " + response.statusCode() + " (" + operationId + "): "
                    + violations + "\n  body: " + UpstreamSpec.excerpt(response.asString()));
        }
        return response;
    }

    List<String> all() {
        return List.copyOf(found);
    }
}

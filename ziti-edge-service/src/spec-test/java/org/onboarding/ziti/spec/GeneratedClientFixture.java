package org.onboarding.ziti.spec;

import io.quarkus.test.common.http.TestHTTPResource;
import org.junit.jupiter.api.AfterEach;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * What the tests driving the management client generated from the upstream spec share: a {@link RecordingHttpClient}
 * that keeps every raw response, and after each test the check that all of them conform to {@code management.yml},
 * together with what {@link #violations} collected from the calls made outside the generated client.
 */
abstract class GeneratedClientFixture {

    static final UpstreamSpec MANAGEMENT = UpstreamSpec.load();
    static final UpstreamSpec CLIENT = UpstreamSpec.loadClient();
    static final String CLIENT_BASE = "/edge/client/v1";

    @TestHTTPResource("/edge/management/v1")
    URI management;

    final RecordingHttpClient http = new RecordingHttpClient();
    final SpecViolations violations = new SpecViolations();

    @AfterEach
    void everyResponseConformsToTheUpstreamSpecs() {
        http.assertConforms(MANAGEMENT, violations.all());
    }

    /** An {@code expiresAt} an hour ahead, in whole seconds as upstream's date-time format writes it. */
    static OffsetDateTime inOneHour() {
        return OffsetDateTime.now(ZoneOffset.UTC).plusHours(1).truncatedTo(ChronoUnit.SECONDS);
    }
}

package org.onboarding.gateway.route;

import lombok.RequiredArgsConstructor;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.gateway.auth.PlatformTokenVerifier;
import org.onboarding.gateway.auth.PlatformTokenVerifier.Verification;
import org.onboarding.gateway.route.ApiStyle.Credentials;

import java.util.function.Consumer;

/** Reads the platform token where the route's API carries it and verifies it, off the event loop when that blocks. */
@ApplicationScoped
@RequiredArgsConstructor
class RouteTokens {

    private final Vertx vertx;
    private final PlatformTokenVerifier verifier;

    /**
     * Hands {@code then} the request's verification: {@link Verification#INVALID} when there is no token or two
     * that disagree, so that the service answers its own refusal.
     */
    void verify(HttpServerRequest request, UpstreamRoute route, Consumer<Verification> then) {
        Credentials credentials = route.api().credentials(request.headers());
        if (credentials.token() == null) {
            then.accept(Verification.INVALID);
            return;
        }
        Verification known = verifier.known(credentials.token());
        if (known != null) {
            then.accept(known);
        } else if (verifier.mayBlock()) {
            // keys from a JWKS URL: verify on a worker, holding the body until the request goes on
            request.pause();
            vertx.executeBlocking(() -> verifier.verify(credentials.token()), false)
                    .onComplete(verified -> then.accept(
                            verified.succeeded() ? verified.result() : Verification.INVALID));
        } else {
            then.accept(verifier.verify(credentials.token()));
        }
    }
}

package org.onboarding.mdm.windows.enrollment;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;

/**
 * The device-facing MS-MDE2 endpoints and the pages a person sees while enrolling. No JWT: the protocol carries its
 * own credential (README "Windows enrollment"). Bodies are read whole and parsed by the hardened parser.
 */
@Path("/")
@RequiredArgsConstructor
public class EnrollmentServerResource {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final WindowsEnrollmentService service;

    /** The client's first probe: 200 with an empty body tells it the discovery service is here. */
    @GET
    @Path(EnrollmentUrls.DISCOVERY)
    public Response discoveryProbe() {
        return Response.ok(new byte[0], MediaType.TEXT_HTML_TYPE).header("Content-Length", 0).build();
    }

    @POST
    @Path(EnrollmentUrls.DISCOVERY)
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> discover(byte[] body) {
        return service.discover(body);
    }

    @POST
    @Path(EnrollmentUrls.POLICY)
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> policies(byte[] body) {
        return service.getPolicies(body);
    }

    @POST
    @Path(EnrollmentUrls.ENROLLMENT)
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> enroll(byte[] body) {
        return service.enroll(body);
    }

    /** Federated: Windows' web authentication broker opens this with {@code appru} and {@code login_hint}. */
    @GET
    @Path(EnrollmentUrls.AUTHENTICATION)
    public Response signInPage(@QueryParam("appru") String appru, @QueryParam("login_hint") String loginHint) {
        if (!isAppReturnUrl(appru)) {
            return html(400, EnrollmentPages.badRequest(
                    "This sign-in page is opened by Windows during enrollment (Settings › Accounts › Access work or "
                            + "school). Open your enrollment link on the device to start."), null);
        }
        return html(200, EnrollmentPages.signIn(appru, loginHint == null ? "" : loginHint, null), null);
    }

    @POST
    @Path(EnrollmentUrls.AUTHENTICATION)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> signIn(@FormParam("appru") String appru, @FormParam("email") String email,
                                @FormParam("code") String code) {
        if (!isAppReturnUrl(appru)) {
            return Uni.createFrom().item(html(400, EnrollmentPages.badRequest(
                    "The sign-in was not started by Windows enrollment."), null));
        }
        return service.signIn(email, code).map(wresult -> {
            if (wresult == null) {
                // a wrong code and a code of another user read the same: nothing to learn by guessing
                return html(200, EnrollmentPages.signIn(appru, email == null ? "" : email,
                        "That code is not valid for this e-mail address, or it has expired or been used."), null);
            }
            String nonce = nonce();
            return html(200, EnrollmentPages.signedIn(appru, wresult, nonce), nonce);
        });
    }

    /** The token's {@code enrollmentLink}: the steps and the {@code ms-device-enrollment:} link. */
    @GET
    @Path("/enroll/windows/{code}")
    public Uni<Response> enrollmentLink(@PathParam("code") String code) {
        return service.link(code).map(link -> link == null ? html(404, EnrollmentPages.invalidLink(), null)
                : html(200, EnrollmentPages.enrollmentLink(link), null));
    }

    /** Only Windows' own return scheme: the page must not hand a wresult to a web site. */
    static boolean isAppReturnUrl(String appru) {
        return appru != null && appru.length() <= 2048 && appru.toLowerCase(Locale.ROOT).startsWith("ms-app://");
    }

    private static Response html(int status, String page, String scriptNonce) {
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        return Response.status(status).type("text/html; charset=utf-8").entity(bytes)
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "
                        + (scriptNonce == null ? "" : "script-src 'nonce-" + scriptNonce + "'; ")
                        + "form-action 'self' ms-app:; frame-ancestors 'none'; base-uri 'none'")
                .header("Cache-Control", "no-store")
                .header("Referrer-Policy", "no-referrer")
                .build();
    }

    private static String nonce() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}

package org.onboarding.mdm.windows.enrollment;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.mdm.enrollment.WinEnrollmentToken;
import org.onboarding.mdm.enrollment.WinEnrollmentTokenRepository;
import org.onboarding.mdm.user.MdmUser;
import org.onboarding.mdm.user.MdmUserRepository;
import org.onboarding.mdm.organization.Organization;
import org.onboarding.mdm.organization.OrganizationRepository;
import org.onboarding.mdm.organization.WinAuthPolicy;
import org.onboarding.mdm.windows.soap.SafeXml;
import org.onboarding.mdm.windows.soap.SoapFault;
import org.onboarding.mdm.windows.soap.SoapRequest;
import org.w3c.dom.Element;

import java.time.Instant;
import java.util.Locale;

/**
 * Turns the WS-Security header of GetPolicies and RequestSecurityToken into the live enrollment token it proves:
 * a Federated {@code DeviceEnrollmentUserToken} (our wresult) or an OnPremise {@code UsernameToken} (e-mail + code).
 * Must run inside a session.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class EnrollmentCredentials {

    static final String USER_TOKEN_TYPE =
            "http://schemas.microsoft.com/5.0.0.0/ConfigurationManager/Enrollment/DeviceEnrollmentUserToken";
    static final String INVALID = "The enrollment code is invalid, expired or already used";

    /** The proven token, its employee and organisation. */
    public record Holder(WinEnrollmentToken token, MdmUser user, Organization organization) {
    }

    private final WinEnrollmentTokenRepository tokens;
    private final MdmUserRepository users;
    private final OrganizationRepository organizations;
    private final WresultTokens wresults;

    public Uni<Holder> authenticate(SoapRequest request, Instant now) {
        return Uni.createFrom().deferred(() -> resolve(request, now));
    }

    private Uni<Holder> resolve(SoapRequest request, Instant now) {
        Element security = request.security();
        if (security == null) {
            throw SoapFault.authentication("The request carries no WS-Security credential");
        }
        Element usernameToken = SafeXml.child(security, SoapRequest.WSSE, "UsernameToken");
        if (usernameToken != null) {
            String username = SafeXml.text(SafeXml.child(usernameToken, SoapRequest.WSSE, "Username"));
            String password = SafeXml.text(SafeXml.child(usernameToken, SoapRequest.WSSE, "Password"));
            if (username == null || password == null || password.isEmpty() || password.length() > 128) {
                throw SoapFault.authentication("The UsernameToken needs a Username and a Password");
            }
            String code = password.toUpperCase(Locale.ROOT);
            return tokens.findLiveByCode(code, now)
                    .flatMap(token -> holder(token, username, WinAuthPolicy.OnPremise));
        }
        for (Element token : SafeXml.children(security, SoapRequest.WSSE, "BinarySecurityToken")) {
            if (USER_TOKEN_TYPE.equals(SafeXml.attribute(token, "ValueType"))) {
                WresultTokens.Proof proof = wresults.verify(SafeXml.text(token), now);
                if (proof == null) {
                    throw SoapFault.authentication("The sign-in token is invalid or expired; sign in again");
                }
                return tokens.findById(proof.tokenId())
                        .map(found -> found != null && found.stateAt(now) == org.onboarding.mdm.enrollment.TokenState.PENDING
                                ? found : null)
                        .flatMap(found -> holder(found, proof.email(), WinAuthPolicy.Federated));
            }
        }
        throw SoapFault.authentication("The request carries no UsernameToken and no DeviceEnrollmentUserToken");
    }

    private Uni<Holder> holder(WinEnrollmentToken token, String email, WinAuthPolicy presented) {
        if (token == null) {
            throw SoapFault.authentication(INVALID);
        }
        return users.findById(token.mdmUserId).flatMap(user -> organizations.findById(token.organizationId).map(org -> {
            if (user == null || !user.email.equalsIgnoreCase(email.trim())) {
                throw SoapFault.authorization("This enrollment code was issued to another user");
            }
            if (!org.windowsMdmAllowed) {
                throw SoapFault.authorization("Windows device management is not enabled for this organisation");
            }
            if (org.winAuthPolicy != presented) {
                throw SoapFault.authorization("This organisation enrolls devices with the " + org.winAuthPolicy
                        + " authentication policy");
            }
            return new Holder(token, user, org);
        }));
    }
}

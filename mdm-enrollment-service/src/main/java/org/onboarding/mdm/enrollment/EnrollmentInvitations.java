package org.onboarding.mdm.enrollment;

import lombok.RequiredArgsConstructor;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.onboarding.mdm.api.JsonCustomizer;

import java.time.Instant;

/**
 * The invitation e-mail of {@code sendEmail=true} (README, Enrollment tokens and policies): link, code, expiry and the custom {@code emailText}.
 * Sent after the token is committed; a failing mail is logged and never fails the token.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class EnrollmentInvitations {

    private static final Logger LOG = Logger.getLogger(EnrollmentInvitations.class);

    private final ReactiveMailer mailer;

    public record Invitation(String tokenId, String email, String displayName, String enrollmentLink,
                             String enrollCode, Instant expireAt, String emailText,
                             EnrollmentTokenRequests.Language language) {
    }

    public Uni<Void> send(Invitation invitation) {
        Uni<Void> sending;
        try {
            sending = mailer.send(Mail.withText(invitation.email(), subject(invitation), body(invitation)));
        } catch (RuntimeException e) {
            sending = Uni.createFrom().failure(e);
        }
        return sending
                .onFailure().invoke(e -> LOG.warnf(e, "Invitation e-mail for enrollment token %s not sent",
                        invitation.tokenId()))
                .onFailure().recoverWithNull();
    }

    static String subject(Invitation invitation) {
        return invitation.language() == EnrollmentTokenRequests.Language.ES
                ? "Inscribe tu dispositivo Windows" : "Enroll your Windows device";
    }

    /** One plain-text template per language, under {@code templates/EnrollmentInvitations/}; nothing is escaped. */
    @CheckedTemplate
    static class Templates {
        static native TemplateInstance invitation_en(String displayName, String emailText, String enrollmentLink,
                                                     String enrollCode, String expiry);

        static native TemplateInstance invitation_es(String displayName, String emailText, String enrollmentLink,
                                                     String enrollCode, String expiry);
    }

    static String body(Invitation invitation) {
        // A blank custom text is left out, like a missing one (Qute treats only an empty string as false).
        String emailText = invitation.emailText() == null || invitation.emailText().isBlank()
                ? null : invitation.emailText();
        String expiry = JsonCustomizer.TIMESTAMP.format(invitation.expireAt());
        TemplateInstance template = invitation.language() == EnrollmentTokenRequests.Language.ES
                ? Templates.invitation_es(invitation.displayName(), emailText, invitation.enrollmentLink(),
                        invitation.enrollCode(), expiry)
                : Templates.invitation_en(invitation.displayName(), emailText, invitation.enrollmentLink(),
                        invitation.enrollCode(), expiry);
        return template.render();
    }
}

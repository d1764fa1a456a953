package org.onboarding.mdm.enrollment;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.onboarding.mdm.api.JsonCustomizer;

import java.time.Instant;

/**
 * The invitation e-mail of {@code sendEmail=true} (mdm.md §2.8): link, code, expiry and the custom {@code emailText}.
 * Sent after the token is committed; a failing mail is logged and never fails the token.
 */
@ApplicationScoped
public class EnrollmentInvitations {

    private static final Logger LOG = Logger.getLogger(EnrollmentInvitations.class);

    private final ReactiveMailer mailer;

    public EnrollmentInvitations(ReactiveMailer mailer) {
        this.mailer = mailer;
    }

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

    static String body(Invitation invitation) {
        boolean spanish = invitation.language() == EnrollmentTokenRequests.Language.ES;
        String greeting = invitation.displayName() == null ? (spanish ? "Hola," : "Hello,")
                : (spanish ? "Hola " : "Hello ") + invitation.displayName() + ",";
        StringBuilder text = new StringBuilder(greeting).append("\n\n");
        if (invitation.emailText() != null && !invitation.emailText().isBlank()) {
            text.append(invitation.emailText()).append("\n\n");
        }
        String expiry = JsonCustomizer.TIMESTAMP.format(invitation.expireAt());
        if (spanish) {
            text.append("Abre este enlace para inscribir tu dispositivo Windows: ").append(invitation.enrollmentLink())
                    .append("\nCódigo de inscripción: ").append(invitation.enrollCode())
                    .append("\nVálido hasta: ").append(expiry)
                    .append("\n\nEn Windows: Configuración › Cuentas › Obtener acceso a trabajo o escuela › "
                            + "Inscribirse solo en la administración de dispositivos; usa tu correo y, como "
                            + "contraseña, el código.\n");
        } else {
            text.append("Open this link to enroll your Windows device: ").append(invitation.enrollmentLink())
                    .append("\nEnrollment code: ").append(invitation.enrollCode())
                    .append("\nValid until: ").append(expiry)
                    .append("\n\nOn Windows: Settings › Accounts › Access work or school › Enroll only in device "
                            + "management; enter your e-mail and, when asked for a password, the code.\n");
        }
        return text.toString();
    }
}

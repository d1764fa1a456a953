package org.onboarding.mdm.enrollment;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
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
            text.append("Abre este enlace en tu dispositivo Windows 10 u 11: ").append(invitation.enrollmentLink())
                    .append("\nCódigo de inscripción: ").append(invitation.enrollCode())
                    .append("\nVálido hasta: ").append(expiry).append(" (sirve para un solo dispositivo)")
                    .append("\n\nLa página muestra los pasos y un botón que inicia la inscripción. También puedes ir a "
                            + "Configuración › Cuentas › Obtener acceso a trabajo o escuela › Inscribirse solo en la "
                            + "administración de dispositivos, escribir tu correo (y, si Windows la pide, la dirección "
                            + "del servidor que indica la página). Cuando Windows lo pida, en la página de inicio de "
                            + "sesión o como contraseña, escribe el código.\n");
        } else {
            text.append("Open this link on your Windows 10 or 11 device: ").append(invitation.enrollmentLink())
                    .append("\nEnrollment code: ").append(invitation.enrollCode())
                    .append("\nValid until: ").append(expiry).append(" (it enrolls one device)")
                    .append("\n\nThe page shows the steps and a button that starts the enrollment. You can also go to "
                            + "Settings › Accounts › Access work or school › Enroll only in device management and "
                            + "enter your e-mail (and, if Windows asks for it, the server address shown on the page). "
                            + "When Windows asks for it, on its sign-in page or as the password, type the code.\n");
        }
        return text.toString();
    }
}

package org.onboarding.provisioning.invitation;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MailTemplate.MailTemplateInstance;
import io.quarkus.qute.CheckedTemplate;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The invitation e-mail: the person's username and the enrollment token that activates the account. The text is the
 * Qute template {@code templates/InvitationMailer/invitation.txt}.
 */
@ApplicationScoped
public class InvitationMailer {

    @CheckedTemplate
    static class Templates {
        /** {@code firstname} is null when there is none to greet by. */
        static native MailTemplateInstance invitation(String firstname, String username, String enrollmentJwt);
    }

    private final String subject;

    public InvitationMailer(@ConfigProperty(name = "provisioning.invitation.subject",
            defaultValue = "Your account is ready") String subject) {
        this.subject = subject;
    }

    public Uni<Void> send(String email, String firstname, String username, String enrollmentJwt) {
        String greeted = firstname == null || firstname.isBlank() ? null : firstname;
        return Templates.invitation(greeted, username, enrollmentJwt)
                .mail(new Mail().addHeader("X-Provisioning-Username", username))
                .to(email)
                .subject(subject)
                .send();
    }
}

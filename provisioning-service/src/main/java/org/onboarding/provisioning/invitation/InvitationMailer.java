package org.onboarding.provisioning.invitation;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The invitation e-mail: the person's username and the enrollment token that activates the account. */
@ApplicationScoped
public class InvitationMailer {

    private final ReactiveMailer mailer;
    private final String subject;

    public InvitationMailer(ReactiveMailer mailer,
                            @ConfigProperty(name = "provisioning.invitation.subject",
                                    defaultValue = "Your account is ready") String subject) {
        this.mailer = mailer;
        this.subject = subject;
    }

    public Uni<Void> send(String email, String firstname, String username, String enrollmentJwt) {
        String greeting = firstname == null || firstname.isBlank() ? "Hello," : "Hello " + firstname + ",";
        String text = greeting + "\n\n"
                + "an account has been created for you. Your username is: " + username + "\n\n"
                + "To activate it, enroll with this one-time token (valid once, until it expires):\n\n"
                + enrollmentJwt + "\n";
        return mailer.send(Mail.withText(email, subject, text).addHeader("X-Provisioning-Username", username));
    }
}

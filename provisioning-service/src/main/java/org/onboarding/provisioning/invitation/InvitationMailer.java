package org.onboarding.provisioning.invitation;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MailTemplate.MailTemplateInstance;
import io.quarkus.qute.CheckedTemplate;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The one invitation a person gets (README "Invitation"): the network identity's enrollment JWT as an attachment with
 * the steps to use it, and the Windows enrollment link and code with the steps that enroll a computer, whichever of
 * the two the person has. The texts are the Qute templates {@code templates/InvitationMailer/invitation_<lang>.txt},
 * French or English: the person's language when the batch gives one of these, else
 * {@code provisioning.invitation.default-language}.
 */
@ApplicationScoped
public class InvitationMailer {

    /** What the person needs to enroll a Windows computer. */
    public record WindowsEnrollment(String enrollmentLink, String enrollCode, String expireAt) {
    }

    @CheckedTemplate
    static class Templates {
        /** {@code firstname} is null when there is none to greet by; {@code enrollmentJwt} or {@code windows} may be. */
        static native MailTemplateInstance invitation_en(String firstname, String email, String username,
                                                         String enrollmentJwt, String jwtFileName,
                                                         WindowsEnrollment windows);

        static native MailTemplateInstance invitation_fr(String firstname, String email, String username,
                                                         String enrollmentJwt, String jwtFileName,
                                                         WindowsEnrollment windows);
    }

    private final String subjectEn;
    private final String subjectFr;
    private final String defaultLanguage;

    public InvitationMailer(@ConfigProperty(name = "provisioning.invitation.subject.en") String subjectEn,
                            @ConfigProperty(name = "provisioning.invitation.subject.fr") String subjectFr,
                            @ConfigProperty(name = "provisioning.invitation.default-language") String defaultLanguage) {
        this.subjectEn = subjectEn;
        this.subjectFr = subjectFr;
        this.defaultLanguage = defaultLanguage;
    }

    /** The language the mail is written in: {@code fr} or {@code en}. */
    public String language(String requested) {
        String primary = requested == null ? "" : requested.toLowerCase(Locale.ROOT).split("-")[0];
        return primary.equals("fr") || primary.equals("en") ? primary : defaultLanguage;
    }

    public Uni<Void> send(String email, String firstname, String language, String username, String enrollmentJwt,
                          WindowsEnrollment windows) {
        String greeted = firstname == null || firstname.isBlank() ? null : firstname;
        String jwtFileName = (username == null ? "identity" : username) + ".jwt";
        boolean french = language(language).equals("fr");
        MailTemplateInstance mail = french
                ? Templates.invitation_fr(greeted, email, username, enrollmentJwt, jwtFileName, windows)
                : Templates.invitation_en(greeted, email, username, enrollmentJwt, jwtFileName, windows);
        Mail headers = new Mail();
        if (username != null) {
            headers.addHeader("X-Provisioning-Username", username);
        }
        if (enrollmentJwt != null) {
            headers.addAttachment(jwtFileName, enrollmentJwt.getBytes(StandardCharsets.US_ASCII), "application/jwt");
        }
        return mail.mail(headers).to(email).subject(french ? subjectFr : subjectEn).send();
    }
}

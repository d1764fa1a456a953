package org.onboarding.provisioning.invitation;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The whole invitation as the person receives it: greeting, username, the steps and the enrollment token. */
@QuarkusTest
class InvitationMailerTest {

    private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhYmMifQ.c2lnbmF0dXJl";

    @Inject
    InvitationMailer mailer;

    @Inject
    MockMailbox mailbox;

    @Test
    void invitationGreetsByFirstnameAndCarriesUsernameStepsAndToken() {
        String email = "invite-" + UUID.randomUUID() + "@example.org";
        mailer.send(email, "Zoë <Ann>", "zoe.ann001", JWT).await().atMost(Duration.ofSeconds(30));

        List<Mail> mails = mailbox.getMailsSentTo(email);
        assertEquals(1, mails.size());
        Mail mail = mails.get(0);
        assertEquals("Your account is ready", mail.getSubject());
        assertEquals(List.of(email), mail.getTo());
        assertEquals(List.of("zoe.ann001"), mail.getHeaders().get("X-Provisioning-Username"));
        assertEquals("Hello Zoë <Ann>,\n\n"
                + "an account has been created for you. Your username is: zoe.ann001\n\n"
                + "To activate it, enroll with this one-time token (valid once, until it expires):\n\n"
                + JWT + "\n", mail.getText());
    }

    @Test
    void withoutFirstnameTheGreetingIsPlain() {
        for (String firstname : new String[] {null, "  "}) {
            String email = "invite-" + UUID.randomUUID() + "@example.org";
            mailer.send(email, firstname, "x.y001", JWT).await().atMost(Duration.ofSeconds(30));
            String text = mailbox.getMailsSentTo(email).get(0).getText();
            assertEquals("Hello,\n\nan account has been created for you. Your username is: x.y001\n\n"
                    + "To activate it, enroll with this one-time token (valid once, until it expires):\n\n"
                    + JWT + "\n", text);
        }
    }
}

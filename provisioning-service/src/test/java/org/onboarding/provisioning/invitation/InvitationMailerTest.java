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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one invitation as the person receives it: language, greeting, the JWT attached, the Windows enrollment. */
@QuarkusTest
class InvitationMailerTest {

    private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhYmMifQ.c2lnbmF0dXJl";
    private static final InvitationMailer.WindowsEnrollment WINDOWS = new InvitationMailer.WindowsEnrollment(
            "https://mdm.example/enroll/windows/ABCDEFGHJK", "ABCDEFGHJK", "2026-12-31T10:00:00.000Z");

    @Inject
    InvitationMailer mailer;

    @Inject
    MockMailbox mailbox;

    private Mail send(String firstname, String language, String jwt, InvitationMailer.WindowsEnrollment windows) {
        String email = "invite-" + UUID.randomUUID() + "@example.org";
        mailer.send(email, firstname, language, "zoe.ann001", jwt, windows).await().atMost(Duration.ofSeconds(30));
        List<Mail> mails = mailbox.getMailsSentTo(email);
        assertEquals(1, mails.size());
        return mails.get(0);
    }

    @Test
    void englishInvitationAttachesTheJwtAndCarriesTheWindowsCode() {
        Mail mail = send("Zoë <Ann>", "en-GB", JWT, WINDOWS);
        assertEquals("Welcome: your access and your computer", mail.getSubject());
        assertEquals(List.of("zoe.ann001"), mail.getHeaders().get("X-Provisioning-Username"));
        String text = mail.getText();
        assertTrue(text.startsWith("Hello Zoë <Ann>,\n"), text);
        assertTrue(text.contains("Your username is: zoe.ann001"), text);
        assertTrue(text.contains("select the attached zoe.ann001.jwt"), text);
        assertTrue(text.contains("== 2. Your Windows computer =="), text);
        assertTrue(text.contains("with this code: ABCDEFGHJK"), text);
        assertTrue(text.contains("Open https://mdm.example/enroll/windows/ABCDEFGHJK on the computer"), text);
        assertTrue(text.contains("Enroll only in device management"), text);
        assertFalse(text.contains(JWT), "the JWT is attached, not in the text");
        assertEquals(1, mail.getAttachments().size());
        var attachment = mail.getAttachments().get(0);
        assertEquals("zoe.ann001.jwt", attachment.getName());
        assertEquals("application/jwt", attachment.getContentType());
        assertEquals(JWT, org.onboarding.provisioning.Api.content(attachment));
    }

    @Test
    void frenchInvitationForAFrenchSpeaker() {
        String text = send("Élodie", "fr", JWT, WINDOWS).getText();
        assertTrue(text.startsWith("Bonjour Élodie,\n"), text);
        assertTrue(text.contains("Votre identifiant est : zoe.ann001"), text);
        assertTrue(text.contains("avec ce code : ABCDEFGHJK"), text);
        assertTrue(text.contains("S'inscrire uniquement à la"), text);
        assertEquals("Bienvenue : vos accès et votre ordinateur", send(null, "FR-ca", JWT, null).getSubject());
    }

    @Test
    void onlyWhatThePersonHasAndThePlainGreetingWithoutFirstname() {
        Mail networkOnly = send("  ", null, JWT, null);
        assertTrue(networkOnly.getText().startsWith("Hello,\n"), networkOnly.getText());
        assertFalse(networkOnly.getText().contains("Windows computer"), networkOnly.getText());
        Mail windowsOnly = send(null, "de", null, WINDOWS);
        assertTrue(windowsOnly.getText().contains("== 1. Your Windows computer =="), windowsOnly.getText());
        assertFalse(windowsOnly.getText().contains("Network access"), windowsOnly.getText());
        assertTrue(windowsOnly.getAttachments().isEmpty());
    }
}

package org.onboarding.mdm.enrollment;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A failing SMTP server must not fail token creation: the invitation Uni always completes.
 * A Quarkus test because the body comes from type-safe Qute templates, which Quarkus generates at build time.
 */
@QuarkusTest
class EnrollmentInvitationsTest {

    @Test
    void failingMailerIsSwallowed() {
        AtomicInteger attempts = new AtomicInteger();
        ReactiveMailer broken = mails -> {
            attempts.incrementAndGet();
            return Uni.createFrom().failure(new IllegalStateException("SMTP down"));
        };
        EnrollmentInvitations invitations = new EnrollmentInvitations(broken);
        invitations.send(new EnrollmentInvitations.Invitation("t", "a@example.com", null, "https://x/enroll/windows/C",
                "C", Instant.now(), null, null)).await().indefinitely();
        assertEquals(1, attempts.get());
    }

    @Test
    void throwingMailerIsSwallowed() {
        ReactiveMailer throwing = mails -> {
            throw new IllegalStateException("misconfigured");
        };
        new EnrollmentInvitations(throwing).send(new EnrollmentInvitations.Invitation("t", "a@example.com", "A",
                "https://x", "C", Instant.now(), "hi", EnrollmentTokenRequests.Language.EN)).await().indefinitely();
    }
}

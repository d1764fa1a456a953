package org.onboarding.provisioning.run;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.onboarding.provisioning.Api;
import org.onboarding.provisioning.invitation.RealSmtp;
import org.onboarding.testsupport.TestTokens;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.onboarding.provisioning.Api.as;
import static org.onboarding.provisioning.Api.batch;
import static org.onboarding.provisioning.Api.createBatch;
import static org.onboarding.provisioning.Api.items;

/**
 * A run that sends its invitations for real, over SMTP to GreenMail: every person with an e-mail receives exactly one,
 * with the identity's enrollment JWT attached, and every item ends once with the outcome its grouped writes recorded.
 */
@QuarkusTest
@TestProfile(RealSmtp.class)
class RealMailRunTest {

    @Test
    void everyPersonWithAnEmailReceivesOneInvitationOverSmtp() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        List<Map<String, Object>> people = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            people.add(Api.person("M-" + tag + "-" + i, "Mail" + (i % 7), "Smtp" + tag,
                    i % 3 != 0 ? "m" + i + "." + tag + "@ecole.test" : null, "student"));
        }
        String batchId = createBatch(TestTokens.operator(), UUID.randomUUID().toString(), people);
        as(TestTokens.operator()).post("/provisioning/batches/{id}/run", batchId).then().statusCode(200);
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(200))
                .until(() -> "COMPLETED".equals(batch(batchId).get("status")));

        assertEquals(Map.of("PENDING_ACTIVATION", 200, "KC_CREATED", 100), batch(batchId).get("counts"));
        List<Map<String, Object>> items = items(batchId);
        assertEquals(300, items.size());
        assertEquals(300, items.stream().map(i -> i.get("kc_username")).collect(Collectors.toSet()).size());
        for (Map<String, Object> item : items) {
            assertNull(item.get("last_error"));
            assertEquals(1, item.get("attempts"));
            assertEquals(item.get("email") == null ? "KC_CREATED" : "PENDING_ACTIVATION", item.get("prov_status"));
            Map<?, ?> ziti = (Map<?, ?>) ((Map<?, ?>) item.get("targets")).get("ziti");
            assertEquals("SUCCEEDED", ziti.get("status"));
            assertEquals(item.get("kc_user_id"), ziti.get("external_id"));
        }

        // the messages GreenMail received: one per e-mail, none for the others
        Map<String, List<MimeMessage>> byRecipient = new HashMap<>();
        for (MimeMessage message : RealSmtp.server.getReceivedMessages()) {
            String to = message.getRecipients(Message.RecipientType.TO)[0].toString();
            if (to.endsWith("." + tag + "@ecole.test")) {
                byRecipient.computeIfAbsent(to, k -> new ArrayList<>()).add(message);
            }
        }
        List<Map<String, Object>> withEmail = items.stream().filter(i -> i.get("email") != null).toList();
        assertEquals(200, byRecipient.size());
        int checked = 0;
        for (Map<String, Object> item : withEmail) {
            List<MimeMessage> received = byRecipient.get((String) item.get("email"));
            assertEquals(1, received.size(), "one invitation to " + item.get("email"));
            MimeMessage mail = received.get(0);
            assertEquals("Welcome: your access and your computer", mail.getSubject());
            String username = (String) item.get("kc_username");
            assertEquals(username, mail.getHeader("X-Provisioning-Username")[0]);
            Map<String, String> parts = parts(mail);
            assertTrue(parts.get("text").contains("Your username is: " + username), parts.get("text"));
            if (checked++ < 20) { // the attachment is the enrollment JWT the target returned for this identity
                String jwt = Api.targetIdentity((String) item.get("kc_user_id")).getString("data.enrollment.ott.jwt");
                assertEquals(jwt, parts.get(username + ".jwt"));
            }
        }
    }

    /** The text body under "text" and each attachment's content under its file name. */
    private static Map<String, String> parts(Part part) throws Exception {
        Map<String, String> found = new HashMap<>();
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                found.putAll(parts(multipart.getBodyPart(i)));
            }
        } else if (part.getFileName() != null) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            part.getDataHandler().writeTo(out);
            found.put(part.getFileName(), out.toString(StandardCharsets.US_ASCII).trim());
        } else if (part.isMimeType("text/plain")) {
            found.put("text", part.getContent().toString());
        }
        return found;
    }
}

package org.onboarding.provisioning.invitation;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/**
 * The application with the real mailer (not the mock mailbox) sending to a GreenMail SMTP server on a free port,
 * started before the application.
 */
public class RealSmtp implements QuarkusTestProfile {

    /** The server the application sends to (set once the profile's resource started). */
    public static volatile GreenMail server;

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Server.class));
    }

    public static class Server implements QuarkusTestResourceLifecycleManager {

        @Override
        public Map<String, String> start() {
            GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            mail.start();
            server = mail;
            return Map.of("quarkus.mailer.mock", "false",
                    "quarkus.mailer.host", "127.0.0.1",
                    "quarkus.mailer.port", String.valueOf(mail.getSmtp().getPort()));
        }

        @Override
        public void stop() {
            if (server != null) {
                server.stop();
            }
        }
    }
}

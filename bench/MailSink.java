import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The benchmark's SMTP server: GreenMail (a real SMTP server, in memory) on SMTP_PORT, and on HTTP_PORT
 * GET /count (messages received since the last purge) and POST /purge. GreenMail creates each recipient's mailbox
 * as mail arrives and asks for no login.
 *
 * Run: java -cp greenmail-standalone-2.1.5.jar bench/MailSink.java SMTP_PORT HTTP_PORT
 */
public class MailSink {
    public static void main(String[] args) throws IOException {
        int smtpPort = Integer.parseInt(args[0]);
        int httpPort = Integer.parseInt(args[1]);
        GreenMail mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        mail.start();
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", httpPort), 16);
        http.createContext("/count", exchange -> {
            byte[] body = String.valueOf(mail.getReceivedMessages().length).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http.createContext("/purge", exchange -> {
            try {
                mail.purgeEmailFromAllMailboxes();
            } catch (Exception e) {
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        http.start();
        System.out.println("MailSink: SMTP on 127.0.0.1:" + smtpPort + ", count on http://127.0.0.1:" + httpPort + "/count");
    }
}

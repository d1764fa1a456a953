import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;

/**
 * The benchmark's SMTP server: GreenMail's SMTP server (the whole protocol: EHLO, MAIL FROM, RCPT TO, DATA with the
 * message parsed as MIME) on SMTP_PORT, and on HTTP_PORT GET /count (messages delivered since the last purge, one
 * per recipient) and POST /purge.
 * <p>
 * Each delivered message is counted and then dropped. By default GreenMail makes a mailbox for every new recipient
 * and keeps every message; with one recipient per invitation its cost per mail grew with the recipients it had seen
 * (measured: 1.4 ms of CPU a mail on a fresh server, 5.6 ms after 60 000 mails), and it would have taken more CPU
 * than the service under test on the same two cores. A counting delivery keeps the server's cost flat.
 * <p>
 * Run: java -cp greenmail-standalone-2.1.5.jar bench/MailSink.java SMTP_PORT HTTP_PORT
 */
public class MailSink {
    public static void main(String[] args) throws IOException {
        int smtpPort = Integer.parseInt(args[0]);
        int httpPort = Integer.parseInt(args[1]);
        LongAdder delivered = new LongAdder();
        GreenMailUser counter = (GreenMailUser) Proxy.newProxyInstance(MailSink.class.getClassLoader(),
                new Class<?>[] {GreenMailUser.class}, (proxy, method, methodArgs) -> switch (method.getName()) {
                    case "deliver" -> { delivered.increment(); yield null; }
                    case "getEmail", "getLogin" -> "sink@bench.test";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == methodArgs[0];
                    case "toString" -> "MailSink counter";
                    default -> null;
                });
        GreenMail mail = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        mail.start();
        mail.getUserManager().setMessageDeliveryHandler((message, recipient) -> counter);
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", httpPort), 16);
        http.createContext("/count", exchange -> {
            byte[] body = String.valueOf(delivered.sum()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http.createContext("/purge", exchange -> {
            delivered.reset();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        http.start();
        System.out.println("MailSink: SMTP on 127.0.0.1:" + smtpPort + ", count on http://127.0.0.1:" + httpPort + "/count");
    }
}

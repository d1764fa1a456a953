import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.UUID;

/**
 * Prints COUNT platform tokens, one a line, with the claims `./platform token bench-<n>` gives (admin, every
 * organisation and tenant, valid LIFETIME seconds), signed RS256 with the DEV-ONLY key: one process instead of one
 * openssl call per token.
 *
 * Run: java bench/TokenPool.java PRIVATE_KEY_PEM ISSUER AUDIENCE COUNT [LIFETIME]
 */
public class TokenPool {
    public static void main(String[] args) throws Exception {
        String pem = Files.readString(Path.of(args[0]));
        String issuer = args[1];
        String audience = args[2];
        int count = Integer.parseInt(args[3]);
        long lifetime = args.length > 4 ? Long.parseLong(args[4]) : 86400;
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        long now = System.currentTimeMillis() / 1000;
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        StringBuilder out = new StringBuilder();
        for (int n = 1; n <= count; n++) {
            String subject = "bench-" + n;
            String payload = String.format("{\"iss\":\"%s\",\"aud\":\"%s\",\"sub\":\"%s\",\"upn\":\"%s\",\"iat\":%d,\"exp\":%d,"
                    + "\"jti\":\"%s\",\"groups\":[\"admin\"],\"orgs\":[\"*\"],\"tenants\":[\"*\"]}",
                    issuer, audience, subject, subject, now, now + lifetime, UUID.randomUUID());
            String signed = header + "." + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
            rs256.initSign(key);
            rs256.update(signed.getBytes(StandardCharsets.US_ASCII));
            out.append(signed).append('.').append(b64.encodeToString(rs256.sign())).append('\n');
        }
        System.out.print(out);
    }
}

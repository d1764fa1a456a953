package org.onboarding.ziti.sdk;

import org.openziti.Ziti;
import org.openziti.ZitiContext;
import org.openziti.identity.Enroller;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Collection;

import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * Drives the official OpenZiti JVM SDK ({@code org.openziti:ziti}) as an application would: enrollment from a JWT into
 * a fresh in-memory key store, then the SDK's own context (certificate login, version, services). Everything it does
 * goes over the HTTPS edge API named by the JWT's {@code iss}. The SDK keeps contexts in a process-wide registry, so
 * callers {@link #close} each context they make.
 */
public final class ZitiSdk {

    private ZitiSdk() {
    }

    /**
     * OTT: enrolls with {@code jwt} (the SDK makes the key and CSR), then loads the identity the way an application
     * does after saving it: from its PKCS#12 file. ({@code Ziti.enroll} would hand the in-memory store straight to a
     * context under the JWT's mixed-case identity id, while PKCS#12 keeps aliases in lower case, so the JDK key
     * manager would find no key under that alias and the SDK would log in without a certificate.)
     */
    public static ZitiContext enroll(String jwt) {
        KeyStore keyStore = emptyKeyStore();
        Enroller.fromJWT(jwt).enroll(null, keyStore, "enrolled");
        return context(keyStore);
    }

    /**
     * Enrollment with a key and certificate the caller already holds (OTTCA: issued by a third-party CA): the SDK's
     * {@link Enroller} presents {@code clientKey} in the TLS handshake; then a context for the enrolled identity.
     */
    public static ZitiContext enrollWith(String jwt, KeyStore.PrivateKeyEntry clientKey) {
        KeyStore keyStore = emptyKeyStore();
        Enroller enroller = Enroller.fromJWT(jwt);
        try {
            // the SDK's OTTCA enrollment needs a default key store type that takes its null protection parameter
            NullProtectionKeyStore.during(() -> enroller.enroll(clientKey, keyStore, "enrolled"));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return context(keyStore);
    }

    /**
     * A context for a key and certificate chain that were never enrolled (auto-CA enrollment: the first certificate
     * login creates the identity). {@code controller} is {@code host:port} of the HTTPS edge API, {@code trusted} the
     * certificates that verify its server certificate (the edge CA).
     */
    public static ZitiContext context(String controller, String name, PrivateKey key, X509Certificate[] chain,
                                      Collection<X509Certificate> trusted) {
        KeyStore keyStore = emptyKeyStore();
        try {
            keyStore.setKeyEntry("ziti://" + controller + "/" + name, key, new char[0], chain);
            int i = 0;
            for (X509Certificate ca : trusted) {
                keyStore.setCertificateEntry("ziti:" + name + "/ca-" + i++, ca);
            }
        } catch (KeyStoreException e) {
            throw new IllegalStateException(e);
        }
        return context(keyStore);
    }

    /** The SDK's context for the one identity in {@code keyStore}, through its public file-based loader. */
    public static ZitiContext context(KeyStore keyStore) {
        try {
            Path file = Files.createTempFile("ziti-identity", ".p12");
            file.toFile().deleteOnExit();
            try (OutputStream out = Files.newOutputStream(file)) {
                keyStore.store(out, new char[0]);
            }
            return Ziti.newContext(file.toFile(), new char[0]);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An empty PKCS#12 key store the SDK writes the identity into. */
    public static KeyStore emptyKeyStore() {
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            return keyStore;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the context reports a status that satisfies {@code done}; returns the last status seen. */
    public static ZitiContext.Status awaitStatus(ZitiContext context, Predicate<ZitiContext.Status> done, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        ZitiContext.Status status = context.getStatus();
        while (!done.test(status) && Instant.now().isBefore(deadline)) {
            sleep();
            status = context.getStatus();
        }
        return status;
    }

    public static ZitiContext.Status awaitActive(ZitiContext context) {
        return awaitStatus(context, s -> s == ZitiContext.Status.Active.INSTANCE
                || s instanceof ZitiContext.Status.NotAuthorized, Duration.ofSeconds(30));
    }

    /** Removes the context from the SDK's registry, which also stops it. */
    public static void close(ZitiContext context) {
        if (context != null) {
            Ziti.removeContext(context);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

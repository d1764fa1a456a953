package org.onboarding.ziti.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.KeyStoreSpi;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Security;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.util.Date;
import java.util.Enumeration;
import java.util.concurrent.Callable;

/**
 * Works around a defect of the JVM SDK 0.22.8 (rewritten upstream in 0.29.0): for an OTTCA enrollment its
 * {@code Enroller} puts the caller's key into a {@code KeyStore.getDefaultType()} key store with a {@code null}
 * protection parameter, which every JDK key store since 9 (default type PKCS#12) refuses. While {@link #during} runs,
 * the default key store type is this PKCS#12 store that reads a missing protection as the empty password; nothing
 * else about the SDK's enrollment changes.
 */
public class NullProtectionKeyStore extends KeyStoreSpi {

    private static final String TYPE = "ZitiSdkTestPKCS12";
    private static final Provider PROVIDER = new Provider("ZitiSdkTest", "1.0", "PKCS#12 tolerating null protection") {
        {
            put("KeyStore." + TYPE, NullProtectionKeyStore.class.getName());
        }
    };

    private final KeyStore delegate;

    public NullProtectionKeyStore() {
        try {
            delegate = KeyStore.getInstance("PKCS12");
        } catch (KeyStoreException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code action} with this store as the default key store type. */
    public static synchronized <T> T during(Callable<T> action) throws Exception {
        if (Security.getProvider(PROVIDER.getName()) == null) {
            Security.addProvider(PROVIDER);
        }
        String previous = Security.getProperty("keystore.type");
        Security.setProperty("keystore.type", TYPE);
        try {
            return action.call();
        } finally {
            Security.setProperty("keystore.type", previous == null ? "pkcs12" : previous);
        }
    }

    @Override
    public void engineSetEntry(String alias, KeyStore.Entry entry, KeyStore.ProtectionParameter protection)
            throws KeyStoreException {
        delegate.setEntry(alias, entry, protection == null && entry instanceof KeyStore.PrivateKeyEntry
                ? new KeyStore.PasswordProtection(new char[0]) : protection);
    }

    @Override
    public Key engineGetKey(String alias, char[] password) throws NoSuchAlgorithmException, UnrecoverableKeyException {
        try {
            return delegate.getKey(alias, password);
        } catch (KeyStoreException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Certificate[] engineGetCertificateChain(String alias) {
        return call(() -> delegate.getCertificateChain(alias));
    }

    @Override
    public Certificate engineGetCertificate(String alias) {
        return call(() -> delegate.getCertificate(alias));
    }

    @Override
    public Date engineGetCreationDate(String alias) {
        return call(() -> delegate.getCreationDate(alias));
    }

    @Override
    public void engineSetKeyEntry(String alias, Key key, char[] password, Certificate[] chain) throws KeyStoreException {
        delegate.setKeyEntry(alias, key, password, chain);
    }

    @Override
    public void engineSetKeyEntry(String alias, byte[] key, Certificate[] chain) throws KeyStoreException {
        delegate.setKeyEntry(alias, key, chain);
    }

    @Override
    public void engineSetCertificateEntry(String alias, Certificate cert) throws KeyStoreException {
        delegate.setCertificateEntry(alias, cert);
    }

    @Override
    public void engineDeleteEntry(String alias) throws KeyStoreException {
        delegate.deleteEntry(alias);
    }

    @Override
    public Enumeration<String> engineAliases() {
        return call(delegate::aliases);
    }

    @Override
    public boolean engineContainsAlias(String alias) {
        return call(() -> delegate.containsAlias(alias));
    }

    @Override
    public int engineSize() {
        return call(delegate::size);
    }

    @Override
    public boolean engineIsKeyEntry(String alias) {
        return call(() -> delegate.isKeyEntry(alias));
    }

    @Override
    public boolean engineIsCertificateEntry(String alias) {
        return call(() -> delegate.isCertificateEntry(alias));
    }

    @Override
    public String engineGetCertificateAlias(Certificate cert) {
        return call(() -> delegate.getCertificateAlias(cert));
    }

    @Override
    public void engineStore(OutputStream stream, char[] password)
            throws IOException, NoSuchAlgorithmException, CertificateException {
        try {
            delegate.store(stream, password);
        } catch (KeyStoreException e) {
            throw new IOException(e);
        }
    }

    @Override
    public void engineLoad(InputStream stream, char[] password)
            throws IOException, NoSuchAlgorithmException, CertificateException {
        delegate.load(stream, password);
    }

    private interface KeyStoreCall<T> {
        T call() throws KeyStoreException;
    }

    private static <T> T call(KeyStoreCall<T> call) {
        try {
            return call.call();
        } catch (KeyStoreException e) {
            throw new IllegalStateException(e);
        }
    }
}

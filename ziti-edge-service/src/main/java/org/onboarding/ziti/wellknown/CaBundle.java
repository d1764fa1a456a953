package org.onboarding.ziti.wellknown;

import lombok.Getter;
import jakarta.enterprise.context.ApplicationScoped;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.onboarding.ziti.signing.ControllerSigner;
import org.onboarding.ziti.signing.EdgeCa;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The controller's CA bundle as upstream publishes it at {@code /.well-known/est/cacerts}: a certs-only PKCS#7 (CMS
 * SignedData without signers or content), DER, base64. It holds the certificate that signs enrollment and network JWTs
 * (so a client can check a JWT's {@code kid} and signature with what the controller publishes) with its issuers, and
 * the edge CA that signs enrolled clients' certificates. Built once: the certificates are fixed for the process.
 */
@ApplicationScoped
public class CaBundle {

    @Getter
    private final List<X509Certificate> certificates;
    private final String base64;

    public CaBundle(ControllerSigner signer, EdgeCa edgeCa) {
        List<X509Certificate> certs = new ArrayList<>(signer.certificateChain());
        if (!certs.contains(edgeCa.certificate())) {
            certs.add(edgeCa.certificate());
        }
        this.certificates = List.copyOf(certs);
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addCertificates(new JcaCertStore(certificates));
            byte[] der = generator.generate(new CMSAbsentContent()).toASN1Structure().getEncoded(ASN1Encoding.DER);
            this.base64 = Base64.getEncoder().encodeToString(der);
        } catch (GeneralSecurityException | CMSException | IOException e) {
            throw new IllegalStateException("cannot build the CA bundle", e);
        }
    }

    /** Base64 (standard alphabet, no line breaks) of the DER PKCS#7. */
    public String pkcs7Base64() {
        return base64;
    }
}

package org.onboarding.mdm.windows;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;
import java.util.Optional;

/** {@code mdm.windows.*}: the Windows enrollment protocol's settings (application.properties explains each). */
@ConfigMapping(prefix = "mdm.windows")
public interface WindowsMdmConfig {

    String providerId();

    int maxMessageBytes();

    Duration clientCertificateValidity();

    Poll poll();

    Wresult wresult();

    Ca ca();

    ClientCertHeader clientCertHeader();

    interface Poll {
        int firstRetries();

        int firstIntervalMinutes();

        int secondRetries();

        int secondIntervalMinutes();

        int remainingIntervalMinutes();
    }

    interface Wresult {
        Duration validity();

        Optional<String> signingKey();
    }

    interface Ca {
        String sealingKeyId();

        Optional<String> sealingKey();
    }

    interface ClientCertHeader {
        String name();

        boolean trusted();
    }

    /** Not a setting: a required secret is missing; the protocol answers s:internalservicefault. */
    final class MissingSecretException extends RuntimeException {
        public MissingSecretException(String property) {
            super(property + " is not configured");
        }
    }
}

package org.onboarding.mdm.enrollment;

import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;

/**
 * Human-typable enroll codes (README, Enrollment tokens and policies): 10 characters from a CSPRNG over 30 symbols without look-alikes
 * (no 0/O, 1/I/L, U), about 49 bits. Uniqueness among live tokens is the database's partial unique index.
 */
@ApplicationScoped
public class EnrollCodes {

    static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
    static final int LENGTH = 10;
    private final SecureRandom random = new SecureRandom();

    public String next() {
        char[] code = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            code[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return new String(code);
    }
}

package org.onboarding.mdm.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * A JSON string (value or object key) holding U+0000. PostgreSQL text cannot store it, so every request string is
 * refused while it is read, whatever field it is in (see {@link JsonCustomizer}); rendered as a 3000.
 */
public class NulCharacterException extends MismatchedInputException {

    public NulCharacterException(JsonParser parser) {
        super(parser, "string contains the NUL character", String.class);
    }
}

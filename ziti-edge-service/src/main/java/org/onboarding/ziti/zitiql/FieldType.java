package org.onboarding.ziti.zitiql;

import lombok.RequiredArgsConstructor;

/** Types of filterable symbols; {@code TAGS} is upstream's "any": the literal's type decides the comparison. */
@RequiredArgsConstructor
public enum FieldType {
    STRING("string"), NUMBER("number"), DATETIME("date"), BOOL("bool"), TAGS("any");

    final String typeName;
}

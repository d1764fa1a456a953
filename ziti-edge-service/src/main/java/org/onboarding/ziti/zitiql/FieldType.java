package org.onboarding.ziti.zitiql;

/** Types of filterable symbols; {@code TAGS} is upstream's "any": the literal's type decides the comparison. */
public enum FieldType {
    STRING("string"), NUMBER("number"), DATETIME("date"), BOOL("bool"), TAGS("any");

    final String typeName;

    FieldType(String typeName) {
        this.typeName = typeName;
    }
}

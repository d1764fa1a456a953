package org.onboarding.ziti.zitiql;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whitelist that maps a resource's public filter symbols to SQL column expressions. Only these expressions ever
 * reach SQL text; every value from a filter is bound as a parameter.
 */
public final class FilterableFields {

    record Field(String column, FieldType type) {
    }

    private final Map<String, Field> fields = new LinkedHashMap<>();
    private final String idColumn;

    private FilterableFields(String idColumn) {
        this.idColumn = idColumn;
    }

    public static FilterableFields withId(String idColumn) {
        FilterableFields f = new FilterableFields(idColumn);
        f.fields.put("id", new Field(idColumn, FieldType.STRING));
        return f;
    }

    public FilterableFields add(String symbol, String column, FieldType type) {
        fields.put(symbol, new Field(column, type));
        return this;
    }

    /** The names listed in {@code meta.filterableFields}. */
    public List<String> names() {
        return List.copyOf(fields.keySet());
    }

    Field lookup(String symbol) {
        return fields.get(symbol);
    }

    String idColumn() {
        return idColumn;
    }
}

package org.onboarding.ziti.zitiql;

import lombok.Getter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The whitelist that maps a resource's public filter symbols to SQL column expressions. Only these expressions ever
 * reach SQL text; every value from a filter is bound as a parameter.
 */
public final class FilterableFields {

    record Field(String column, FieldType type) {
    }

    private final Map<String, Field> fields = new LinkedHashMap<>();
    @Getter
    private final String idColumn;

    private FilterableFields(String idColumn) {
        this.idColumn = idColumn;
    }

    public static FilterableFields withId(String idColumn) {
        FilterableFields f = new FilterableFields(idColumn);
        f.fields.put("id", new Field(idColumn, FieldType.STRING));
        return f;
    }

    /** {@code id}, {@code createdAt} and {@code updatedAt} of the table aliased {@code alias}, in upstream's order. */
    public static FilterableFields timestamped(String alias) {
        return withId(alias + ".id").datetimes("createdAt", "updatedAt");
    }

    /** Every base-entity symbol: {@link #timestamped}, then {@code tags} and {@code isSystem}. */
    public static FilterableFields baseEntity(String alias) {
        return timestamped(alias).add("tags", alias + ".tags", FieldType.TAGS).bools("isSystem");
    }

    /** Symbols of one type whose column is the snake_case of the symbol on the id column's table alias. */
    public FilterableFields strings(String... symbols) {
        return addAll(FieldType.STRING, symbols);
    }

    public FilterableFields bools(String... symbols) {
        return addAll(FieldType.BOOL, symbols);
    }

    public FilterableFields numbers(String... symbols) {
        return addAll(FieldType.NUMBER, symbols);
    }

    public FilterableFields datetimes(String... symbols) {
        return addAll(FieldType.DATETIME, symbols);
    }

    /** References to other entities: symbol {@code edgeRouter} filters the column {@code edge_router_id}. */
    public FilterableFields references(String... symbols) {
        for (String symbol : symbols) {
            add(symbol, column(symbol) + "_id", FieldType.STRING);
        }
        return this;
    }

    private FilterableFields addAll(FieldType type, String... symbols) {
        for (String symbol : symbols) {
            add(symbol, column(symbol), type);
        }
        return this;
    }

    private String column(String symbol) {
        String alias = idColumn.substring(0, idColumn.indexOf('.') + 1);
        return alias + symbol.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
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
}

package org.onboarding.provisioning.item;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.onboarding.provisioning.api.Params;
import org.onboarding.provisioning.api.Problems;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Validates items from JSON ({@code BatchCreateRequest.items}, an import array) or CSV, all rows at once: one invalid
 * row refuses the whole input, with one error entry per problem so a user can fix the file in one go.
 */
public final class ItemInputs {

    /** Columns and their database lengths; the first four are required. */
    static final Map<String, Integer> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("identity_id", 36);
        FIELDS.put("domain", 64);
        FIELDS.put("establishment_id", 255);
        FIELDS.put("external_id", 255);
        FIELDS.put("firstname", 255);
        FIELDS.put("lastname", 255);
        FIELDS.put("email", 320);
        FIELDS.put("role_principal_code", 64);
        FIELDS.put("language", 16);
    }

    private static final List<String> REQUIRED = List.of("identity_id", "domain", "establishment_id", "external_id");
    /** A language tag's primary subtag, optionally with a region ({@code fr}, {@code en-GB}). */
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    private ItemInputs() {
    }

    /** Items of a JSON array; {@code locPrefix} is e.g. {@code ["body","items"]} or {@code ["body"]}. */
    public static List<ItemInput> fromJsonArray(Problems problems, List<Object> locPrefix, JsonNode array) {
        if (!array.isArray()) {
            problems.listType(locPrefix, Params.input(array));
            return List.of();
        }
        List<ItemInput> items = new ArrayList<>();
        List<Object> positions = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            List<Object> loc = append(locPrefix, i);
            items.add(fromJson(problems, loc, array.get(i)));
            positions.add(i);
        }
        checkDuplicates(problems, locPrefix, items, positions);
        return items;
    }

    /**
     * Items of a CSV file: header row with the column names, comma or semicolon separated, UTF-8, quoted fields per
     * RFC 4180 ({@link CsvRecords}). Errors are located as {@code ["body", <line>, <column>]}: the line a record
     * starts on (the header is line 1) and the column's name.
     */
    public static List<ItemInput> fromCsv(Problems problems, byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            problems.valueError(List.of("body"), null, "the file is not valid UTF-8");
            return List.of();
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<CsvRecords.Line> records = CsvRecords.read(problems, text);
        if (!problems.isEmpty()) {
            return List.of();
        }
        if (records.isEmpty() || records.get(0).values().stream().allMatch(String::isBlank)) {
            problems.valueError(List.of("body"), null, "the file has no header row");
            return List.of();
        }
        List<String> header = records.get(0).values().stream()
                .map(h -> h.trim().toLowerCase(java.util.Locale.ROOT)).toList();
        for (String column : header) {
            if (!FIELDS.containsKey(column)) {
                problems.add("extra_forbidden", List.of("body", 1, column), "Extra inputs are not permitted", column, null);
            }
        }
        for (String required : REQUIRED) {
            if (!header.contains(required)) {
                problems.missing(List.of("body", 1, required));
            }
        }
        if (!problems.isEmpty()) {
            return List.of();
        }
        List<ItemInput> items = new ArrayList<>();
        List<Object> lines = new ArrayList<>();
        for (CsvRecords.Line record : records.subList(1, records.size())) {
            if (record.isBlank()) {
                continue; // blank line, e.g. the trailing newline of a spreadsheet export
            }
            int line = record.number();
            List<String> values = record.values();
            if (values.size() != header.size()) {
                problems.valueError(List.of("body", line), String.join(",", values),
                        "expected " + header.size() + " columns, found " + values.size());
                continue;
            }
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            for (int c = 0; c < header.size(); c++) {
                String value = values.get(c).trim();
                if (!value.isEmpty()) {
                    node.put(header.get(c), value);
                }
            }
            items.add(fromJson(problems, List.of("body", line), node));
            lines.add(line);
        }
        checkDuplicates(problems, List.of("body"), items, lines);
        return items;
    }

    /** One item object; {@code null} fields where invalid (the caller throws the collected errors). */
    public static ItemInput fromJson(Problems problems, List<Object> loc, JsonNode node) {
        if (node == null || !node.isObject()) {
            problems.modelType(loc, Params.input(node));
            return null;
        }
        UUID identityId = null;
        JsonNode idNode = node.get("identity_id");
        if (idNode == null || idNode.isNull()) {
            problems.missing(append(loc, "identity_id"));
        } else if (!idNode.isTextual()) {
            problems.add("uuid_type", append(loc, "identity_id"), "UUID input should be a string, bytes or UUID object",
                    Params.input(idNode), null);
        } else {
            identityId = Params.uuid(problems, append(loc, "identity_id"), idNode.textValue());
        }
        String domain = text(problems, loc, node, "domain", true);
        String establishment = text(problems, loc, node, "establishment_id", true);
        String externalId = text(problems, loc, node, "external_id", true);
        String firstname = text(problems, loc, node, "firstname", false);
        String lastname = text(problems, loc, node, "lastname", false);
        String email = text(problems, loc, node, "email", false);
        String role = text(problems, loc, node, "role_principal_code", false);
        String language = text(problems, loc, node, "language", false);
        if (language != null && !LANGUAGE.matcher(language).matches()) {
            problems.valueError(append(loc, "language"), language, "value is not a language tag such as fr or en");
            language = null;
        }
        if (email != null && !EMAIL.matcher(email).matches()) {
            problems.valueError(append(loc, "email"), email, "value is not a valid email address");
            email = null;
        }
        return new ItemInput(identityId, firstname, lastname, email, role, establishment, domain, externalId,
                language == null ? null : language.toLowerCase(java.util.Locale.ROOT));
    }

    private static String text(Problems problems, List<Object> loc, JsonNode node, String field, boolean required) {
        JsonNode value = node.get(field);
        List<Object> at = append(loc, field);
        if (value == null || value.isNull()) {
            if (required) {
                problems.missing(at);
            }
            return null;
        }
        if (!value.isTextual()) {
            problems.stringType(at, Params.input(value));
            return null;
        }
        String text = value.textValue().strip();
        String unstorable = Params.unstorable(text);
        if (unstorable != null) {
            problems.valueError(at, value.textValue(), unstorable);
            return null;
        }
        if (required && text.isEmpty()) {
            problems.stringTooShort(at, value.textValue(), 1);
            return null;
        }
        int max = FIELDS.get(field);
        if (text.length() > max) {
            problems.stringTooLong(at, value.textValue(), max);
            return null;
        }
        return text.isEmpty() ? null : text;
    }

    /** The same identity twice in one input is almost certainly a mistake in the file: refuse it. */
    private static void checkDuplicates(Problems problems, List<Object> locPrefix, List<ItemInput> items,
                                        List<Object> positions) {
        Map<UUID, Object> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            ItemInput item = items.get(i);
            if (item == null || item.identityId() == null) {
                continue;
            }
            Object first = seen.putIfAbsent(item.identityId(), positions.get(i));
            if (first != null) {
                problems.valueError(append(append(locPrefix, positions.get(i)), "identity_id"),
                        item.identityId().toString(), "duplicate identity_id (first at " + first + ")");
            }
        }
    }

    private static List<Object> append(List<Object> loc, Object part) {
        List<Object> copy = new ArrayList<>(loc);
        copy.add(part);
        return copy;
    }
}

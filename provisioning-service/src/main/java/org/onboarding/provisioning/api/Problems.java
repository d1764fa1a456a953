package org.onboarding.provisioning.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the entries of FastAPI's 422 {@code {"detail":[{"type","loc","msg","input","ctx"}]}} with Pydantic v2's
 * types and messages, so the generated client sees exactly what the Python origin sent.
 */
public final class Problems {

    private final List<Map<String, Object>> errors = new ArrayList<>();

    public static Problems collect() {
        return new Problems();
    }

    public Problems add(String type, List<Object> loc, String msg, Object input, Map<String, Object> ctx) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", type);
        error.put("loc", List.copyOf(loc));
        error.put("msg", msg);
        error.put("input", input);
        if (ctx != null) {
            error.put("ctx", ctx);
        }
        errors.add(error);
        return this;
    }

    public Problems missing(List<Object> loc) {
        return add("missing", loc, "Field required", null, null);
    }

    public Problems intParsing(List<Object> loc, Object input) {
        return add("int_parsing", loc, "Input should be a valid integer, unable to parse string as an integer", input, null);
    }

    public Problems greaterThanEqual(List<Object> loc, Object input, long ge) {
        return add("greater_than_equal", loc, "Input should be greater than or equal to " + ge, input, Map.of("ge", ge));
    }

    public Problems lessThanEqual(List<Object> loc, Object input, long le) {
        return add("less_than_equal", loc, "Input should be less than or equal to " + le, input, Map.of("le", le));
    }

    public Problems stringType(List<Object> loc, Object input) {
        return add("string_type", loc, "Input should be a valid string", input, null);
    }

    public Problems stringTooShort(List<Object> loc, Object input, int min) {
        return add("string_too_short", loc, "String should have at least " + min + " character" + (min == 1 ? "" : "s"),
                input, Map.of("min_length", min));
    }

    public Problems stringTooLong(List<Object> loc, Object input, int max) {
        return add("string_too_long", loc, "String should have at most " + max + " characters", input,
                Map.of("max_length", max));
    }

    public Problems valueError(List<Object> loc, Object input, String reason) {
        return add("value_error", loc, "Value error, " + reason, input, Map.of("error", reason));
    }

    public Problems modelType(List<Object> loc, Object input) {
        return add("model_attributes_type", loc, "Input should be a valid dictionary or object to extract fields from",
                input, null);
    }

    public Problems listType(List<Object> loc, Object input) {
        return add("list_type", loc, "Input should be a valid list", input, null);
    }

    public Problems enumValue(List<Object> loc, Object input, List<String> expected) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < expected.size(); i++) {
            if (i > 0) {
                text.append(i == expected.size() - 1 ? " or " : ", ");
            }
            text.append('\'').append(expected.get(i)).append('\'');
        }
        return add("enum", loc, "Input should be " + text, input, Map.of("expected", text.toString()));
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public List<Map<String, Object>> errors() {
        return List.copyOf(errors);
    }

    /** Throws the collected errors as one 422, if there are any. */
    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new ValidationProblem(errors());
        }
    }

    public static List<Object> loc(Object... parts) {
        return List.of(parts);
    }
}

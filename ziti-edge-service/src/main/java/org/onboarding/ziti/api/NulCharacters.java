package org.onboarding.ziti.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * NUL characters are refused at the edge of the whole API, before any resource sees them: PostgreSQL cannot store
 * U+0000 in text, so a NUL that reached a statement would fail it (a 500). A path segment or query parameter holding
 * one (decoded, e.g. {@code /identities/a%00b}), or a request body holding one (a JSON {@code "\u0000"} escape or a
 * raw NUL byte), is answered 400 {@code COULD_NOT_VALIDATE} naming the parameter or the JSON field; a ZitiQL
 * {@code filter} holding one is 400 {@code INVALID_FILTER}, as any other filter that does not parse.
 */
@Provider
public class NulCharacters implements ReaderInterceptor {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String FILTER = "filter";
    /** A JSON {@code \u0000} escape that is not itself an escaped backslash followed by "u0000". */
    private static final Pattern JSON_NUL = Pattern.compile("(?<!\\\\)(?:\\\\\\\\)*\\\\u0000", Pattern.CASE_INSENSITIVE);

    /** Bodies: every body a resource reads passes here (the resources take the raw text). */
    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        Object body = context.proceed();
        if (body instanceof String text && (text.indexOf('\0') >= 0 || JSON_NUL.matcher(text).find())) {
            String field = isJson(context.getMediaType()) ? jsonField(text) : null;
            throw refused(field == null ? "body" : field, "in body");
        }
        return body;
    }

    /** Path segments and query parameters, decoded, once the resource is matched (so parameters have names). */
    public static class Parameters {
        @ServerRequestFilter
        public void parameters(UriInfo uri, HttpServerRequest request) {
            // only a %00 escape (or a raw NUL) decodes to NUL: a request target with neither skips decoding its
            // parameters again (about 1 % of a list call's CPU)
            String target = request.uri();
            if (target.indexOf('\0') < 0 && !target.contains("%00")) {
                return;
            }
            check(uri.getPathParameters(true), "in path");
            check(uri.getQueryParameters(true), "in query");
        }
    }

    private static void check(MultivaluedMap<String, String> parameters, String where) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            if (parameter.getKey().indexOf('\0') >= 0) {
                throw refused(parameter.getKey().replace("\0", "\\0"), where);
            }
            for (String value : parameter.getValue()) {
                if (value != null && value.indexOf('\0') >= 0) {
                    if (FILTER.equals(parameter.getKey()) && "in query".equals(where)) {
                        // a ZitiQL filter is refused the way every unparseable filter is
                        throw new ApiException(ErrorCode.INVALID_FILTER,
                                ApiException.unhandledCause("the filter contains a NUL character"));
                    }
                    throw refused(parameter.getKey(), where);
                }
            }
        }
    }

    private static ApiException refused(String field, String where) {
        return ApiException.couldNotValidate(field, field + " " + where + " must not contain NUL characters", "");
    }

    private static boolean isJson(MediaType type) {
        return type != null && type.getSubtype() != null && type.getSubtype().toLowerCase().contains("json");
    }

    /** The dotted path of the first JSON key or string value holding a NUL; null when the body is not JSON. */
    private static String jsonField(String text) {
        try {
            return find(MAPPER.readTree(text), "");
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String find(JsonNode node, String path) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue().indexOf('\0') >= 0 ? (path.isEmpty() ? "body" : path) : null;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = find(node.get(i), join(path, Integer.toString(i)));
                if (found != null) {
                    return found;
                }
            }
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String child = join(path, field.getKey().replace("\0", "\\0"));
                if (field.getKey().indexOf('\0') >= 0) {
                    return child;
                }
                String found = find(field.getValue(), child);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}

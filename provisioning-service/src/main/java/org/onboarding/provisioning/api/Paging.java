package org.onboarding.provisioning.api;

import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.util.List;

/**
 * FastAPI-style paging of a list ({@code @BeanParam}): {@code skip} from 0, {@code limit} 1..{@value #MAX_LIMIT},
 * 100 by default. Read as text so that a bad value is the API's own 422, not the framework's 404.
 */
public class Paging {

    /** The largest page a list answers: a big batch is read in pages, never in one response. */
    public static final int MAX_LIMIT = 1000;

    @QueryParam("skip")
    @Parameter(schema = @Schema(type = SchemaType.INTEGER, defaultValue = "0", minimum = "0"))
    public String skip;

    @QueryParam("limit")
    @Parameter(schema = @Schema(type = SchemaType.INTEGER, defaultValue = "100", minimum = "1", maximum = "1000"))
    public String limit;

    /** The page asked for; a bad value is collected in {@code problems} (and the defaults stand in). */
    public Page parse(Problems problems) {
        int s = Params.integer(problems, List.of("query", "skip"), skip, 0, 0, null);
        int l = Params.integer(problems, List.of("query", "limit"), limit, 100, 1, MAX_LIMIT);
        return new Page(s, l);
    }

    public record Page(int skip, int limit) {
    }
}

package org.onboarding.ziti.enrollment;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.ziti.api.Envelopes;
import org.onboarding.ziti.api.ListParams;
import org.onboarding.ziti.api.ListSource;
import org.onboarding.ziti.api.Listing;
import org.onboarding.ziti.zitiql.FilterableFields;

/** Read side of enrollments: ZitiQL lists and details rendered as upstream's {@code enrollmentDetail}. */
@ApplicationScoped
@RequiredArgsConstructor
public class EnrollmentQueries {

    /** Upstream's public symbols for enrollments (README, Decisions); method/expiresAt/username are deliberately absent. */
    public static final FilterableFields FIELDS = FilterableFields.baseEntity("e")
            .strings("token")
            .references("identity", "edgeRouter", "transitRouter")
            .strings("caId");

    private static final String SELECT = "SELECT " + EnrollmentDetail.COLUMNS
            + " FROM enrollment e LEFT JOIN identity i ON i.id = e.identity_id ";
    /** Every enrollment (the LEFT JOIN keeps them all), counted by the enrollment counter. */
    public static final ListSource LIST = new ListSource(SELECT, "FROM enrollment e", FIELDS, "enrollment");

    private final Pool pool;

    public Uni<Envelopes.Envelope> list(ListParams params) {
        return Listing.list(pool, LIST, params, EnrollmentDetail::of);
    }

    /** The detail, or null when there is no such enrollment. */
    public Uni<EnrollmentDetail> detail(String id) {
        return pool.preparedQuery(SELECT + "WHERE e.id = $1").execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext() ? EnrollmentDetail.of(rows.iterator().next()) : null);
    }

}

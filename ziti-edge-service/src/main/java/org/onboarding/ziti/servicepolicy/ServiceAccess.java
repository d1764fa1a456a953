package org.onboarding.ziti.servicepolicy;

import lombok.RequiredArgsConstructor;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.ziti.api.JsonText;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What service policies grant an identity: a service is visible to it when some policy matches both (its identity
 * roles the identity, its service roles the service), and the policies' types (Dial, Bind) are its permissions on it.
 * One rule for session creation and for the client API's service reads.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class ServiceAccess {

    /** The permission types granted on one service and, per type, the ids of the policies that grant it. */
    public record Grant(Set<String> permissions, Map<String, List<String>> policiesByType) {
        public boolean visible() {
            return !permissions.isEmpty();
        }

        public List<String> policies(String type) {
            return policiesByType.getOrDefault(type, List.of());
        }
    }

    /** The identity and policy facts one evaluation needs; null identity when it does not exist. */
    public record Subject(Row identity, List<Row> policies) {
    }

    private final Pool pool;

    public Uni<Subject> subject(String identityId) {
        Uni<Row> identity = pool.preparedQuery("SELECT id, name, role_attributes FROM identity WHERE id = $1")
                .execute(Tuple.of(identityId)).map(rows -> rows.iterator().hasNext() ? rows.iterator().next() : null);
        Uni<List<Row>> policies = pool.preparedQuery("SELECT id, type, semantic, identity_roles, service_roles "
                + "FROM service_policy ORDER BY id").execute().map(rows -> {
                    List<Row> list = new ArrayList<>();
                    rows.forEach(list::add);
                    return list;
                });
        return Uni.combine().all().unis(identity, policies).asTuple()
                .map(t -> new Subject(t.getItem1(), t.getItem2()));
    }

    /** {@code service} needs the columns id, name, role_attributes. */
    public static Grant grant(Subject subject, Row service) {
        Set<String> permissions = new TreeSet<>();
        Map<String, List<String>> byType = new LinkedHashMap<>();
        if (subject.identity() == null) {
            return new Grant(permissions, byType);
        }
        Row i = subject.identity();
        for (Row p : subject.policies()) {
            String semantic = p.getString("semantic");
            boolean identityMatches = Roles.matches(JsonText.strings(p.getString("identity_roles")), semantic,
                    i.getString("id"), i.getString("name"), JsonText.strings(i.getString("role_attributes")));
            boolean serviceMatches = identityMatches && Roles.matches(JsonText.strings(p.getString("service_roles")),
                    semantic, service.getString("id"), service.getString("name"),
                    JsonText.strings(service.getString("role_attributes")));
            if (serviceMatches) {
                permissions.add(p.getString("type"));
                byType.computeIfAbsent(p.getString("type"), k -> new ArrayList<>()).add(p.getString("id"));
            }
        }
        return new Grant(permissions, byType);
    }

    /** Every service the identity may use, with its grant, by service id. */
    public Uni<Map<String, Grant>> visibleServices(String identityId) {
        return subject(identityId).flatMap(subject -> pool.query("SELECT id, name, role_attributes FROM service")
                .execute().map(rows -> {
                    Map<String, Grant> visible = new LinkedHashMap<>();
                    for (Row service : rows) {
                        Grant grant = grant(subject, service);
                        if (grant.visible()) {
                            visible.put(service.getString("id"), grant);
                        }
                    }
                    return visible;
                }));
    }
}

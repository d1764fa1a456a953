package org.onboarding.ziti.enrollment;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

@ApplicationScoped
public class EnrollmentRepository implements PanacheRepositoryBase<Enrollment, String> {

    public Uni<List<Enrollment>> listByIdentity(String identityId) {
        return list("identityId", identityId);
    }
}

package org.onboarding.ziti.identity;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class IdentityRepository implements PanacheRepositoryBase<Identity, String> {

    public Uni<Identity> findByExternalId(String externalId) {
        return find("externalId", externalId).firstResult();
    }
}

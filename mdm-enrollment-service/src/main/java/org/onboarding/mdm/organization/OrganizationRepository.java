package org.onboarding.mdm.organization;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.regex.Pattern;

@ApplicationScoped
public class OrganizationRepository implements PanacheRepositoryBase<Organization, String> {

    private static final Pattern OBJECT_ID = Pattern.compile("[a-fA-F0-9]{24}");

    /** The path parameter is a 24-hex id or a slug (README, Endpoints): ids are looked up by id, anything else by slug. */
    public Uni<Organization> findByIdOrSlug(String idOrSlug) {
        if (OBJECT_ID.matcher(idOrSlug).matches()) {
            return findById(idOrSlug.toLowerCase());
        }
        return find("lower(slug) = lower(?1)", idOrSlug).firstResult();
    }
}

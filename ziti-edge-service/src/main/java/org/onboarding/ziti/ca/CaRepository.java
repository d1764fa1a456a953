package org.onboarding.ziti.ca;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class CaRepository implements PanacheRepositoryBase<Ca, String> {
}

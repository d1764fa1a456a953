package org.onboarding.mdm.windows.device;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.Collection;
import java.util.List;

@ApplicationScoped
public class WinDeviceRepository implements PanacheRepositoryBase<WinDevice, String> {

    public Uni<WinDevice> findInOrganization(String organizationId, String id, LockModeType lock) {
        return find("organizationId = ?1 and id = ?2", organizationId, id.toLowerCase()).withLock(lock).firstResult();
    }

    public Uni<WinDevice> findByCertificate(String sha256) {
        return find("certFingerprint", sha256).firstResult();
    }

    public Uni<List<WinDevice>> findByIds(Collection<String> ids) {
        return ids.isEmpty() ? Uni.createFrom().item(List.of()) : list("id in ?1", ids);
    }
}

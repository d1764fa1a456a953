package org.onboarding.mdm.windows.device;

import lombok.RequiredArgsConstructor;
import com.fasterxml.jackson.core.type.TypeReference;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.onboarding.mdm.api.ApiException;
import org.onboarding.mdm.api.PageQuery;
import org.onboarding.mdm.api.Paginated;
import org.onboarding.mdm.user.MdmUser;
import org.onboarding.mdm.user.MdmUserRepository;
import org.onboarding.mdm.organization.OrganizationScope;
import org.onboarding.mdm.persistence.JsonColumns;
import org.onboarding.mdm.persistence.ListCounts;
import org.onboarding.mdm.persistence.ListQuery;
import org.onboarding.mdm.persistence.Pages;
import org.onboarding.mdm.persistence.Stored;
import org.onboarding.mdm.security.Caller;
import org.onboarding.mdm.security.Permission;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Applivery's winDevice list/get/delete: delete unenrolls (the management endpoint refuses the device after). */
@ApplicationScoped
@RequiredArgsConstructor
public class WinDeviceService {

    /** Any scalar field of the device as the API shows it, dotted for its embedded objects (the lists' sort rule). */
    public static final Map<String, String> SORTABLE = PageQuery.sortable("d", List.of("organizationId",
            "winEnterpriseId", "state", "deviceId", "hwDevId", "name", "enrollmentType", "osVersion", "osEdition",
            "lastSeenAt", "unenrolledAt"), Map.of(
            "winEnrollmentTokenId", "d.tokenId", "mdmUser.id", "d.mdmUserId",
            "mdmUser.email", MdmUser.field("d", "email"),
            "certificate.serialNumber", "d.certSerial", "certificate.sha256Fingerprint", "d.certFingerprint",
            "certificate.notAfter", "d.certNotAfter"));
    private static final String LIST = "win_device";
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };

    private final WinDeviceRepository devices;
    private final MdmUserRepository users;
    private final OrganizationScope scope;
    private final JsonColumns json;
    private final Clock clock;

    @WithSession
    public Uni<Paginated<WinDeviceView>> list(Caller caller, String organization, PageQuery page, String mdmUserId,
                                              String tokenId, WinDevice.State state) {
        caller.require(Permission.DEVICE_LIST);
        return scope.resolve(caller, organization).flatMap(org -> {
            ListQuery query = ListQuery.from("WinDevice", "d").where("d.organizationId = :org", "org", org.id)
                    .filter("d.mdmUserId = :user", "user", mdmUserId)
                    .filter("d.tokenId = :token", "token", tokenId);
            if (state == null) {
                query.countedBy(() -> ListCounts.all(LIST, org.id));
            } else {
                // the state is counted per organisation too
                query.where("d.state = :state", "state", state)
                        .countedBy(() -> ListCounts.inState(LIST, org.id, state));
            }
            return Pages.read(devices, query, page, this::views);
        });
    }

    @WithSession
    public Uni<WinDeviceView> get(Caller caller, String organization, String id) {
        caller.require(Permission.DEVICE_GET);
        return scope.resolve(caller, organization)
                .flatMap(org -> devices.findInOrganization(org.id, id, LockModeType.NONE))
                .flatMap(device -> view(ApiException.orNotFound(device)));
    }

    /** Unenroll: idempotent; the device's certificate stops opening management sessions at once. */
    public Uni<WinDeviceView> delete(Caller caller, String organization, String id) {
        caller.require(Permission.DEVICE_REMOVE);
        return Panache.withTransaction(() -> scope.resolve(caller, organization)
                .flatMap(org -> devices.findInOrganization(org.id, id, LockModeType.PESSIMISTIC_WRITE))
                .flatMap(found -> {
                    WinDevice device = ApiException.orNotFound(found);
                    if (device.state != WinDevice.State.UNENROLLED) {
                        Instant now = Stored.now(clock);
                        device.state = WinDevice.State.UNENROLLED;
                        device.unenrolledAt = now;
                        device.updatedAt = now;
                    }
                    return Panache.getSession().flatMap(s -> s.flush()).flatMap(v -> view(device));
                }));
    }

    private Uni<WinDeviceView> view(WinDevice device) {
        return views(List.of(device)).map(list -> list.get(0));
    }

    private Uni<List<WinDeviceView>> views(List<WinDevice> list) {
        Set<String> userIds = list.stream().map(d -> d.mdmUserId).collect(Collectors.toSet());
        return users.findByIds(userIds).map(found -> {
            Map<String, MdmUser> byId = found.stream().collect(Collectors.toMap(u -> u.id, Function.identity()));
            return list.stream().map(device -> {
                MdmUser user = byId.get(device.mdmUserId);
                return new WinDeviceView(device.id, device.organizationId, device.winEnterpriseId, device.tokenId,
                        user == null ? null : new WinDeviceView.MdmUserRef(user.id, user.email), device.state,
                        device.deviceId, device.hwDevId, device.name, device.enrollmentType, device.osVersion,
                        device.osEdition, readInfo(device.devInfo),
                        new WinDeviceView.Certificate(device.certSerial, device.certFingerprint, device.certNotAfter),
                        device.lastSeenAt, device.createdAt, device.updatedAt, device.unenrolledAt);
            }).toList();
        });
    }

    /** What the device reported; a value we cannot read shows as nothing rather than failing the list. */
    private Map<String, String> readInfo(String text) {
        try {
            return json.read(text, STRING_MAP);
        } catch (IllegalStateException e) {
            return Map.of();
        }
    }
}

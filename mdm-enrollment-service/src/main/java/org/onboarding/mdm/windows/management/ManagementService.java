package org.onboarding.mdm.windows.management;

import lombok.RequiredArgsConstructor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.onboarding.mdm.enrollment.WinEnrollmentTokenRepository;
import org.onboarding.mdm.enrollment.WinPolicyAssignmentRepository;
import org.onboarding.mdm.persistence.Stored;
import org.onboarding.mdm.policy.WinPolicy;
import org.onboarding.mdm.policy.WinPolicyRepository;
import org.onboarding.mdm.windows.WindowsMdmConfig;
import org.onboarding.mdm.windows.ca.MdmCertificates;
import org.onboarding.mdm.windows.ca.OrganizationCas;
import org.onboarding.mdm.windows.device.WinDevice;
import org.onboarding.mdm.windows.device.WinDeviceRepository;
import org.onboarding.mdm.windows.enrollment.EnrollmentUrls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.onboarding.mdm.windows.soap.SafeXml.escape;

/**
 * The OMA-DM server side of {@code /ManagementServer/MDM.svc}: the device is the holder of a certificate we issued
 * (looked up by its SHA-256, checked against its organisation's CA, device still ENROLLED). A session start (Alert
 * 1201/1200) stores the DevInfo it reports and is answered with Status for each command plus a Replace per CSP
 * setting of the token's policies; any other message gets its Statuses. Every answer ends with Final.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class ManagementService {

    private static final Logger LOG = Logger.getLogger(ManagementService.class);
    static final String CONTENT_TYPE = "application/vnd.syncml.dm+xml";
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };

    private final WinDeviceRepository devices;
    private final WinEnrollmentTokenRepository tokens;
    private final WinPolicyAssignmentRepository assignments;
    private final WinPolicyRepository policies;
    private final OrganizationCas cas;
    private final EnrollmentUrls urls;
    private final WindowsMdmConfig config;
    private final ObjectMapper mapper;
    private final Clock clock;

    public Uni<Response> session(X509Certificate certificate, byte[] body) {
        if (certificate == null) {
            return Uni.createFrom().item(plain(401, "A client certificate issued at enrollment is required"));
        }
        SyncMessage message;
        try {
            message = SyncMessage.parse(body, config.maxMessageBytes());
        } catch (SyncMessage.InvalidMessageException e) {
            return Uni.createFrom().item(plain(400, "Invalid SyncML message: " + e.getMessage()));
        }
        Instant now = Stored.now(clock);
        return Panache.withTransaction(() -> devices.findByCertificate(MdmCertificates.sha256(certificate))
                .flatMap(device -> device == null || device.state != WinDevice.State.ENROLLED
                        ? Uni.createFrom().<WinDevice>nullItem()
                        : cas.certificate(device.organizationId)
                        .map(ca -> issuedBy(certificate, ca, now) ? device : null))
                .flatMap(device -> {
                    if (device == null) {
                        return Uni.createFrom().item(plain(403, "This device is not enrolled"));
                    }
                    device.lastSeenAt = now;
                    device.updatedAt = now;
                    if (!message.devInfo().isEmpty()) {
                        Map<String, String> info = read(device.devInfo);
                        info.putAll(message.devInfo());
                        device.devInfo = write(info);
                    }
                    Uni<List<PolicyCsp.Setting>> settings = message.sessionStart() ? settingsFor(device)
                            : Uni.createFrom().item(List.of());
                    return settings.map(list -> syncml(200, reply(message, list)));
                }))
                .onFailure().recoverWithItem(failure -> {
                    LOG.error("Windows management session failed", failure);
                    return plain(500, "The management server could not process the message");
                });
    }

    /** The token's policies, highest priority first (assignments by priority, then the legacy winPolicyId). */
    private Uni<List<PolicyCsp.Setting>> settingsFor(WinDevice device) {
        return tokens.findById(device.tokenId).flatMap(token -> assignments.findByTokens(List.of(device.tokenId))
                .flatMap(assigned -> {
                    Set<String> ids = PolicyCsp.policyIds(assigned, token == null ? null : token.winPolicyId);
                    return policies.findByIds(ids).map(found -> {
                        Map<String, WinPolicy> byId = new LinkedHashMap<>();
                        found.forEach(p -> byId.put(p.id, p));
                        List<JsonNode> configs = new ArrayList<>();
                        for (String id : ids) {
                            WinPolicy policy = byId.get(id);
                            if (policy != null && policy.deletedAt == null) {
                                configs.add(readTree(policy.config));
                            }
                        }
                        return PolicyCsp.settings(configs);
                    });
                }));
    }

    private String reply(SyncMessage message, List<PolicyCsp.Setting> settings) {
        StringBuilder body = new StringBuilder();
        int cmdId = 1;
        body.append(status(cmdId++, message.msgId(), "0", "SyncHdr"));
        for (SyncMessage.Command command : message.commands()) {
            body.append(status(cmdId++, message.msgId(), command.cmdId(), command.name()));
        }
        for (PolicyCsp.Setting setting : settings) {
            body.append("<Replace><CmdID>").append(cmdId++).append("</CmdID><Item><Target><LocURI>")
                    .append(escape(setting.uri())).append("</LocURI></Target><Meta><Format xmlns=\"syncml:metinf\">")
                    .append(setting.format()).append("</Format></Meta><Data>").append(escape(setting.value()))
                    .append("</Data></Item></Replace>");
        }
        return "<SyncML xmlns=\"SYNCML:SYNCML1.2\"><SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto>"
                + "<SessionID>" + escape(message.sessionId()) + "</SessionID><MsgID>" + escape(message.msgId())
                + "</MsgID><Target><LocURI>" + escape(message.source()) + "</LocURI></Target>"
                + "<Source><LocURI>" + escape(urls.management()) + "</LocURI></Source></SyncHdr>"
                + "<SyncBody>" + body + "<Final/></SyncBody></SyncML>";
    }

    private static String status(int cmdId, String msgRef, String cmdRef, String cmd) {
        return "<Status><CmdID>" + cmdId + "</CmdID><MsgRef>" + escape(msgRef) + "</MsgRef><CmdRef>" + escape(cmdRef)
                + "</CmdRef><Cmd>" + escape(cmd) + "</Cmd><Data>200</Data></Status>";
    }

    private static boolean issuedBy(X509Certificate certificate, X509Certificate ca, Instant now) {
        if (ca == null) {
            return false;
        }
        try {
            certificate.verify(ca.getPublicKey());
            certificate.checkValidity(Date.from(now));
            return certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private Map<String, String> read(String json) {
        try {
            return new LinkedHashMap<>(mapper.readValue(json, STRING_MAP));
        } catch (JsonProcessingException e) {
            return new LinkedHashMap<>();
        }
    }

    private JsonNode readTree(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private String write(Map<String, String> info) {
        try {
            return mapper.writeValueAsString(info);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response syncml(int status, String xml) {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        return Response.status(status).type(CONTENT_TYPE).header("Content-Length", bytes.length).entity(bytes).build();
    }

    private static Response plain(int status, String text) {
        return Response.status(status).type("text/plain; charset=utf-8").entity(text).build();
    }
}

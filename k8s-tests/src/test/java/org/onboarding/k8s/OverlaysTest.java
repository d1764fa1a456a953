package org.onboarding.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;

/**
 * Every kustomization under k8s/ rendered with {@code kubectl kustomize} and validated offline: Kubernetes JSON
 * schemas (npm kubernetes-models), typed models without unknown fields (fabric8), and the platform's rules.
 */
class OverlaysTest {

    static final List<String> APPS = List.of("gateway", "ziti-edge-service", "mdm-enrollment-service",
            "provisioning-service", "entitlement-service");

    /** base and every overlay under k8s/overlays, discovered (a new overlay is checked automatically). */
    static List<String> kustomizations() {
        return Kustomize.kustomizations(Kustomize.K8S);
    }

    /**
     * What an environment may contain: only the dev overlay carries (DEV-ONLY) secret values; base declares every
     * Secret as a placeholder; prod and any other overlay hold no values and may expect Secrets from outside.
     */
    static PlatformRules.Options options(String kustomization) {
        return switch (kustomization) {
            case "overlays/dev" -> PlatformRules.Options.DEV;
            case "base" -> PlatformRules.Options.BASE;
            default -> PlatformRules.Options.PROD;
        };
    }

    @Test
    void theOverlaysAreFoundOnDisk() {
        List<String> found = kustomizations();
        assertTrue(found.containsAll(List.of("base", "overlays/dev", "overlays/prod")), found::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void everyObjectMatchesTheKubernetesSchemas(String kustomization) {
        Commands.Result result = KubernetesModels.validate(Kustomize.render(kustomization));
        assertTrue(result.ok(),
                () -> "kubernetes-models rejects objects of " + kustomization + ":\n" + result.describe());
        assertTrue(result.output().contains("objects valid"), result.describe());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void everyObjectIsATypedModelWithoutUnknownFields(String kustomization) {
        Manifests.Parsed parsed = parse(kustomization);
        assertEquals(List.of(), parsed.unknownFields(), "misspelled or mistyped fields in " + kustomization);
        assertFalse(parsed.objects().isEmpty(), kustomization + " renders nothing");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void followsThePlatformRules(String kustomization) {
        assertEquals(List.of(), PlatformRules.check(parse(kustomization).objects(), options(kustomization)),
                "platform rules broken in " + kustomization);
    }

    /**
     * Every file an app reads in prod (its application.properties' %prod locations, after the env the manifests
     * give it) and every *_LOCATION path in its env is a key of a Secret/ConfigMap mounted at that path.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void everyFileTheAppsReadIsMountedWhereTheyLook(String kustomization) {
        Path repo = Kustomize.K8S.getParent();
        Map<String, Map<String, String>> locations = new java.util.HashMap<>();
        for (String app : APPS) {
            locations.put(app, MountedFiles.prodLocations(
                    repo.resolve(app).resolve("src/main/resources/application.properties")));
        }
        // the edge CA and the signer: what audit gap 1 was about, so the expectation itself must not go missing
        assertTrue(locations.get("ziti-edge-service").keySet().containsAll(List.of("ziti.edge-ca.key-location",
                "ziti.edge-ca.cert-location", "ziti.signer.key-location", "ziti.signer.cert-location")),
                () -> "ziti-edge-service prod locations: " + locations.get("ziti-edge-service"));
        assertEquals(List.of(), MountedFiles.check(parse(kustomization).objects(), locations, parse("base").objects()),
                "files the apps read but " + kustomization + " does not mount");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void everyAppRunsItsQuarkusContainerImageWithAnAutoscalerAndADatabase(String kustomization) {
        List<HasMetadata> objects = parse(kustomization).objects();
        for (String app : APPS) {
            Deployment deployment = find(objects, Deployment.class, app);
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            // the name quarkus-container-image gives it: [registry/]onboarding/<app>:<version>
            assertTrue(container.getImage().matches("([^/]+/)?onboarding/" + app + ":[\\w.-]+"),
                    app + " image " + container.getImage());
            find(objects, HorizontalPodAutoscaler.class, app);
            if (!app.equals("gateway")) {
                String db = app.substring(0, app.indexOf('-')) + "-db";
                assertTrue(objects.stream().anyMatch(o -> o.getKind().equals("StatefulSet")
                        && o.getMetadata().getName().equals(db)), app + " has no database StatefulSet " + db);
            }
        }
    }

    @Test
    void devRunsOneReplicaWithDevOnlySecretsThatMatchTheRepositoryKeys() throws IOException {
        List<HasMetadata> objects = parse("overlays/dev").objects();
        for (String app : APPS) {
            assertEquals(1, find(objects, Deployment.class, app).getSpec().getReplicas(), app + " replicas");
            assertEquals(1, find(objects, HorizontalPodAutoscaler.class, app).getSpec().getMaxReplicas(), app);
        }
        Path repo = Kustomize.K8S.getParent();
        Path copies = Kustomize.K8S.resolve("overlays/dev/dev-secrets");
        Map<String, Path> originals = Map.of(
                "DEV-ONLY-jwt-public.pem", repo.resolve("dev-keys/DEV-ONLY-jwt-public.pem"),
                "DEV-ONLY-jwt-private.pem", repo.resolve("dev-keys/DEV-ONLY-jwt-private.pem"),
                "DEV-ONLY-ziti-signer-key.pem",
                repo.resolve("ziti-edge-service/src/main/resources/ziti-dev-keys/DEV-ONLY-ziti-signer-key.pem"),
                "DEV-ONLY-ziti-signer-cert.pem",
                repo.resolve("ziti-edge-service/src/main/resources/ziti-dev-keys/DEV-ONLY-ziti-signer-cert.pem"),
                "DEV-ONLY-ziti-edge-ca-key.pem",
                repo.resolve("ziti-edge-service/src/main/resources/ziti-dev-keys/DEV-ONLY-ziti-edge-ca-key.pem"),
                "DEV-ONLY-ziti-edge-ca-cert.pem",
                repo.resolve("ziti-edge-service/src/main/resources/ziti-dev-keys/DEV-ONLY-ziti-edge-ca-cert.pem"));
        for (var entry : originals.entrySet()) {
            assertEquals(-1L, Files.mismatch(copies.resolve(entry.getKey()), entry.getValue()),
                    "k8s/overlays/dev/dev-secrets/" + entry.getKey() + " differs from "
                            + repo.relativize(entry.getValue()));
        }
    }

    /**
     * Provisioning runs call ziti-edge-service with this token: in dev it must be there, verify against the DEV-ONLY
     * public key every app gets, carry the admin role and not have expired (it lasts until 2036).
     */
    @Test
    void devGivesProvisioningAValidTokenForZiti() throws Exception {
        List<HasMetadata> objects = parse("overlays/dev").objects();
        Secret secret = find(objects, Secret.class, "provisioning-ziti-token");
        String token = new String(java.util.Base64.getMimeDecoder().decode(secret.getData().get("token")),
                java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(token.strip(), token, "the token file must not end in a newline (it becomes a header value)");
        String[] parts = token.split("\\.");
        assertEquals(3, parts.length, "not a JWT: " + token);
        String publicPem = Files.readString(Kustomize.K8S.getParent().resolve("dev-keys/DEV-ONLY-jwt-public.pem"))
                .replaceAll("-----[A-Z ]+-----|\\s", "");
        var key = java.security.KeyFactory.getInstance("RSA")
                .generatePublic(new java.security.spec.X509EncodedKeySpec(java.util.Base64.getDecoder().decode(publicPem)));
        var verifier = java.security.Signature.getInstance("SHA256withRSA");
        verifier.initVerify(key);
        verifier.update((parts[0] + "." + parts[1]).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertTrue(verifier.verify(java.util.Base64.getUrlDecoder().decode(parts[2])),
                "not signed with the DEV-ONLY key (dev-keys/DEV-ONLY-jwt-private.pem)");
        var claims = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(java.util.Base64.getUrlDecoder().decode(parts[1]));
        assertEquals("https://onboarding.local/auth", claims.path("iss").asText());
        assertEquals("onboarding-platform", claims.path("aud").asText());
        assertTrue(claims.path("exp").asLong() > java.time.Instant.now().getEpochSecond(),
                "expired: regenerate it (k8s/README.md, Secrets)");
        assertTrue(claims.path("groups").toString().contains("\"admin\""), claims.toString());
        Deployment provisioning = find(objects, Deployment.class, "provisioning-service");
        assertTrue(provisioning.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .anyMatch(e -> e.getName().equals("PROVISIONING_TARGET_ZITI_SESSION_TOKEN")
                        && e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null
                        && e.getValueFrom().getSecretKeyRef().getName().equals("provisioning-ziti-token")));
    }

    @Test
    void prodRunsTwoOrMoreReplicasSpreadOverNodesBehindTls() {
        List<HasMetadata> objects = parse("overlays/prod").objects();
        for (String app : APPS) {
            Deployment deployment = find(objects, Deployment.class, app);
            assertTrue(deployment.getSpec().getReplicas() >= 2, app + " replicas");
            var affinity = deployment.getSpec().getTemplate().getSpec().getAffinity();
            assertTrue(affinity != null && affinity.getPodAntiAffinity() != null, app + " has no pod anti-affinity");
            assertTrue(find(objects, HorizontalPodAutoscaler.class, app).getSpec().getMinReplicas() >= 2, app);
        }
        Ingress ingress = find(objects, Ingress.class, "gateway");
        Set<String> tlsHosts = ingress.getSpec().getTls().stream().map(IngressTLS::getHosts).flatMap(List::stream)
                .collect(Collectors.toSet());
        for (IngressRule rule : ingress.getSpec().getRules()) {
            assertTrue(tlsHosts.contains(rule.getHost()), "no TLS for host " + rule.getHost());
        }
        assertTrue(ingress.getSpec().getTls().stream().allMatch(t -> t.getSecretName() != null), "TLS secretName");
    }

    @Test
    void prodContainsNoSecretsAndTheReadmeNamesEverySecretItExpects() throws IOException {
        List<HasMetadata> objects = parse("overlays/prod").objects();
        assertEquals(List.of(), objects.stream().filter(Secret.class::isInstance).map(o -> o.getMetadata().getName())
                .toList(), "prod renders Secrets; they belong to the secret operator");
        Set<String> referenced = new TreeSet<>();
        objects.stream().map(PlatformRules::workload).flatMap(java.util.Optional::stream).forEach(w -> {
            var pod = w.template().getSpec();
            pod.getVolumes().stream().filter(v -> v.getSecret() != null).forEach(v -> referenced.add(v.getSecret()
                    .getSecretName()));
            pod.getVolumes().stream().filter(v -> v.getProjected() != null)
                    .flatMap(v -> v.getProjected().getSources().stream()).filter(p -> p.getSecret() != null)
                    .forEach(p -> referenced.add(p.getSecret().getName()));
            pod.getContainers().stream().flatMap(c -> c.getEnv() == null ? java.util.stream.Stream.empty()
                    : c.getEnv().stream()).filter(e -> e.getValueFrom() != null
                            && e.getValueFrom().getSecretKeyRef() != null)
                    .forEach(e -> referenced.add(e.getValueFrom().getSecretKeyRef().getName()));
        });
        objects.stream().filter(Ingress.class::isInstance).map(Ingress.class::cast)
                .flatMap(i -> i.getSpec().getTls().stream()).forEach(t -> referenced.add(t.getSecretName()));
        String readme = Files.readString(Kustomize.K8S.resolve("README.md"));
        List<String> undocumented = new ArrayList<>();
        for (String name : referenced) {
            if (!readme.contains("`" + name + "`")) {
                undocumented.add(name);
            }
        }
        assertEquals(List.of(), undocumented, "Secrets prod expects but k8s/README.md does not name");
    }

    private static Manifests.Parsed parse(String kustomization) {
        try {
            return Manifests.parse(Files.readString(Kustomize.render(kustomization)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> type, String name) {
        return objects.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseGet(() -> fail("no " + type.getSimpleName() + " " + name));
    }
}

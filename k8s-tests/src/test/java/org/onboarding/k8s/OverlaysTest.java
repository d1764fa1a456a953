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
import java.util.Properties;
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

    /**
     * Every Deployment of every render is one quarkus-kubernetes generated from an app's application.properties
     * (k8s/base/<app>/generated/kubernetes.yml), running the image quarkus-container-image names, with an autoscaler.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void everyDeploymentComesFromTheGeneratedFiles(String kustomization) throws IOException {
        List<HasMetadata> objects = parse(kustomization).objects();
        Set<String> deployments = objects.stream().filter(Deployment.class::isInstance)
                .map(o -> o.getMetadata().getName()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(APPS), deployments, "the Deployments of " + kustomization);
        for (String app : APPS) {
            List<HasMetadata> generated = Manifests.parse(Files.readString(generatedFile(app))).objects();
            assertTrue(generated.stream().anyMatch(o -> o instanceof Deployment && o.getMetadata().getName().equals(app)),
                    "no Deployment " + app + " in " + generatedFile(app));
            Deployment deployment = find(objects, Deployment.class, app);
            assertEquals("quarkus", deployment.getMetadata().getLabels().get("app.kubernetes.io/managed-by"), app);
            Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertEquals(app, container.getName());
            // the name quarkus-container-image gives it: [registry/]onboarding/<app>:<version>
            assertTrue(container.getImage().matches("([^/]+/)?onboarding/" + app + ":[\\w.-]+"),
                    app + " image " + container.getImage());
            find(objects, HorizontalPodAutoscaler.class, app);
        }
    }

    static Path generatedFile(String app) {
        return Kustomize.K8S.resolve("base").resolve(app).resolve("generated/kubernetes.yml");
    }

    /** The database of each service (its Deployment's QUARKUS_DATASOURCE_* and its database's name). */
    static final Map<String, String> DATABASES = Map.of("ziti-edge-service", "ziti", "mdm-enrollment-service", "mdm",
            "provisioning-service", "provisioning", "entitlement-service", "entitlement");

    /** dev works on a bare cluster: one plain PostgreSQL StatefulSet per service, no operator needed. */
    @Test
    void devRunsOneSingleInstancePostgresqlPerServiceWithoutAnOperator() {
        List<HasMetadata> objects = parse("overlays/dev").objects();
        for (var entry : DATABASES.entrySet()) {
            String db = entry.getValue() + "-db";
            var statefulSet = find(objects, io.fabric8.kubernetes.api.model.apps.StatefulSet.class, db);
            assertEquals(1, statefulSet.getSpec().getReplicas(), db);
            assertTrue(statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()
                    .startsWith("postgres:"), db);
            assertEquals("postgresql://" + db + ":5432/" + entry.getValue(), find(objects,
                    io.fabric8.kubernetes.api.model.ConfigMap.class, entry.getKey() + "-config").getData()
                    .get("QUARKUS_DATASOURCE_REACTIVE_URL"));
            assertEquals(Map.of("QUARKUS_DATASOURCE_USERNAME", db + "-credentials/username",
                    "QUARKUS_DATASOURCE_PASSWORD", db + "-credentials/password"), datasourceSecrets(objects,
                            entry.getKey()));
        }
        assertEquals(List.of(), objects.stream().filter(o -> o.getApiVersion().startsWith("postgresql.cnpg.io/"))
                .map(o -> o.getKind() + " " + o.getMetadata().getName()).toList(), "dev needs no operator");
    }

    /**
     * prod: one CloudNativePG Cluster per service database (3 instances on different nodes, the overlay's storage
     * class, the service's database and owner, PodMonitor, backups to the overlay's object store) with a
     * ScheduledBackup each; the services use the primary's Service and the operator's app Secret; no StatefulSet.
     */
    @Test
    void prodRunsPostgresqlThroughCloudNativePg() {
        List<HasMetadata> objects = parse("overlays/prod").objects();
        List<String> statefulSets = objects.stream().filter(o -> o.getKind().equals("StatefulSet"))
                .map(o -> o.getMetadata().getName()).toList();
        assertEquals(List.of(), statefulSets, "prod runs no StatefulSet (PostgreSQL is the operator's)");
        List<io.fabric8.kubernetes.api.model.GenericKubernetesResource> clusters = custom(objects, "Cluster");
        List<io.fabric8.kubernetes.api.model.GenericKubernetesResource> backups = custom(objects, "ScheduledBackup");
        assertEquals(4, clusters.size(), "Clusters");
        assertEquals(4, backups.size(), "ScheduledBackups");
        for (var entry : DATABASES.entrySet()) {
            String name = entry.getValue();
            String cluster = name + "-db";
            var spec = clusters.stream().filter(c -> c.getMetadata().getName().equals(cluster)).findFirst()
                    .orElseGet(() -> fail("no Cluster " + cluster));
            assertEquals(3, (Object) spec.get("spec", "instances"), cluster);
            assertEquals(Boolean.TRUE, (Object) spec.get("spec", "affinity", "enablePodAntiAffinity"), cluster);
            assertEquals("required", (Object) spec.get("spec", "affinity", "podAntiAffinityType"), cluster);
            assertTrue(spec.get("spec", "storage", "storageClass") instanceof String sc && !sc.isBlank(), cluster);
            assertEquals(name, (Object) spec.get("spec", "bootstrap", "initdb", "database"), cluster);
            assertEquals(name, (Object) spec.get("spec", "bootstrap", "initdb", "owner"), cluster);
            assertEquals(Boolean.TRUE, (Object) spec.get("spec", "monitoring", "enablePodMonitor"), cluster);
            assertTrue(String.valueOf((Object) spec.get("spec", "backup", "barmanObjectStore", "destinationPath"))
                    .startsWith("s3://"), cluster);
            assertTrue(spec.get("spec", "backup", "barmanObjectStore", "s3Credentials", "accessKeyId", "name")
                    instanceof String, cluster + " backup credentials");
            assertEquals(1, backups.stream().filter(b -> cluster.equals(b.get("spec", "cluster", "name"))
                    && "barmanObjectStore".equals(b.get("spec", "method"))).count(), "ScheduledBackup of " + cluster);
            var config = find(objects, io.fabric8.kubernetes.api.model.ConfigMap.class, entry.getKey() + "-config");
            assertEquals("postgresql://" + cluster + "-rw:5432/" + name, config.getData()
                    .get("QUARKUS_DATASOURCE_REACTIVE_URL"));
            assertEquals("jdbc:postgresql://" + cluster + "-rw:5432/" + name, config.getData()
                    .get("QUARKUS_DATASOURCE_JDBC_URL"));
            assertEquals(Map.of("QUARKUS_DATASOURCE_USERNAME", cluster + "-app/username",
                    "QUARKUS_DATASOURCE_PASSWORD", cluster + "-app/password"), datasourceSecrets(objects,
                            entry.getKey()));
        }
    }

    private static List<io.fabric8.kubernetes.api.model.GenericKubernetesResource> custom(List<HasMetadata> objects,
            String kind) {
        return objects.stream().filter(io.fabric8.kubernetes.api.model.GenericKubernetesResource.class::isInstance)
                .map(io.fabric8.kubernetes.api.model.GenericKubernetesResource.class::cast)
                .filter(o -> o.getApiVersion().equals("postgresql.cnpg.io/v1") && o.getKind().equals(kind)).toList();
    }

    /** QUARKUS_DATASOURCE_USERNAME/PASSWORD of the app's container as "secret/key". */
    private static Map<String, String> datasourceSecrets(List<HasMetadata> objects, String app) {
        Map<String, String> found = new java.util.HashMap<>();
        find(objects, Deployment.class, app).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()
                .stream().filter(e -> e.getName().startsWith("QUARKUS_DATASOURCE_")).forEach(e -> found.put(
                        e.getName(), e.getValueFrom().getSecretKeyRef().getName() + "/"
                                + e.getValueFrom().getSecretKeyRef().getKey()));
        return found;
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
     * provisioning-service obtains its service tokens by client credentials: both client secrets reach it from the
     * Secret provisioning-oidc-clients (required references: the pod does not start without them), and the fixed
     * token it once had is gone.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kustomizations")
    void provisioningTakesItsClientSecretsFromTheOidcClientsSecret(String kustomization) {
        List<HasMetadata> objects = parse(kustomization).objects();
        Container provisioning = find(objects, Deployment.class, "provisioning-service").getSpec().getTemplate()
                .getSpec().getContainers().get(0);
        Map<String, String> fromSecrets = new java.util.TreeMap<>();
        provisioning.getEnv().stream().filter(e -> e.getValueFrom() != null
                && e.getValueFrom().getSecretKeyRef() != null).forEach(e -> fromSecrets.put(e.getName(),
                        e.getValueFrom().getSecretKeyRef().getName() + "/" + e.getValueFrom().getSecretKeyRef().getKey()
                                + (Boolean.TRUE.equals(e.getValueFrom().getSecretKeyRef().getOptional()) ? " (optional)"
                                        : "")));
        assertEquals("provisioning-oidc-clients/ziti-client-secret", fromSecrets.get("PROVISIONING_ZITI_CLIENT_SECRET"),
                fromSecrets.toString());
        assertEquals("provisioning-oidc-clients/mdm-client-secret", fromSecrets.get("PROVISIONING_MDM_CLIENT_SECRET"),
                fromSecrets.toString());
        assertTrue(provisioning.getEnv().stream().noneMatch(e -> e.getName().equals(
                "PROVISIONING_TARGET_ZITI_SESSION_TOKEN")), "the fixed ziti token is no longer read by anything");
    }

    /**
     * In dev the gateway's DEV-ONLY token issuer (profile local) serves provisioning's tokens: the ConfigMap points
     * the token endpoint at the gateway's Service, the client ids are accounts of that issuer with the roles each
     * target needs, and the Secret's client secrets match those accounts' bcrypt hashes, as the issuer checks them.
     */
    @Test
    void devGivesProvisioningClientSecretsTheGatewaysIssuerAccepts() {
        List<HasMetadata> objects = parse("overlays/dev").objects();
        Container gateway = find(objects, Deployment.class, "gateway").getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        String profiles = gateway.getEnv().stream().filter(e -> e.getName().equals("QUARKUS_PROFILE"))
                .map(io.fabric8.kubernetes.api.model.EnvVar::getValue).findFirst().orElse("");
        assertTrue(List.of(profiles.split(",")).contains("local"), "the dev gateway runs no token issuer: " + profiles);
        Map<String, String> config = configMap(objects, "provisioning-service-config");
        assertEquals("http://gateway", config.get("PROVISIONING_TOKEN_URL"));
        assertEquals("/auth/token", config.get("PROVISIONING_TOKEN_PATH"));

        Properties provisioningApp = properties("provisioning-service");
        Properties gatewayApp = properties("gateway");
        Secret secret = find(objects, Secret.class, "provisioning-oidc-clients");
        assertEquals(Set.of("ziti-client-secret", "mdm-client-secret"), secret.getData().keySet());
        Map<String, String> groups = Map.of("ziti", "admin", "mdm", "provisioning-service");
        for (String client : List.of("ziti", "mdm")) {
            String envPrefix = "PROVISIONING_" + client.toUpperCase(java.util.Locale.ROOT) + "_CLIENT_ID";
            String clientId = config.getOrDefault(envPrefix,
                    provisioningApp.getProperty("quarkus.oidc-client." + client + ".client-id"));
            String hash = issuerAccount(gatewayApp, clientId, "secret-hash");
            assertEquals(groups.get(client), issuerAccount(gatewayApp, clientId, "groups"), clientId);
            String clientSecret = new String(java.util.Base64.getDecoder().decode(
                    secret.getData().get(client + "-client-secret")), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(clientSecret.startsWith("DEV-ONLY-"), "not marked DEV-ONLY: " + client);
            assertTrue(io.quarkus.elytron.security.common.BcryptUtil.matches(clientSecret, hash),
                    client + "-client-secret is not the secret the gateway's account " + clientId + " accepts");
        }
    }

    /** A token-issuer account's setting in the gateway's application.properties, for a profile list with local. */
    private static String issuerAccount(Properties gateway, String account, String field) {
        String suffix = ".gateway.token-issuer.accounts." + account + "." + field;
        return gateway.stringPropertyNames().stream().filter(k -> k.startsWith("%") && k.endsWith(suffix))
                .filter(k -> List.of(k.substring(1, k.length() - suffix.length()).split(",")).contains("local"))
                .map(gateway::getProperty).findFirst()
                .orElseGet(() -> fail("the gateway's issuer (profile local) has no account " + account + " " + field));
    }

    /**
     * Under the default deny, provisioning-service reaches mdm-enrollment-service and its token endpoint at the URLs
     * its ConfigMap gives: an in-cluster Service needs egress to its pods' target port and their ingress from
     * provisioning; an outside endpoint needs egress to an address block on the URL's port.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void provisioningMayReachMdmAndItsTokenEndpoint(String kustomization) {
        List<HasMetadata> objects = parse(kustomization).objects();
        Map<String, String> config = configMap(objects, "provisioning-service-config");
        for (String variable : List.of("MDM_URL", "PROVISIONING_TOKEN_URL")) {
            java.net.URI url = java.net.URI.create(config.get(variable));
            int port = url.getPort() != -1 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
            var service = objects.stream().filter(io.fabric8.kubernetes.api.model.Service.class::isInstance)
                    .map(io.fabric8.kubernetes.api.model.Service.class::cast)
                    .filter(o -> o.getMetadata().getName().equals(url.getHost())).findFirst();
            var from = find(objects, io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class,
                    "provisioning-service");
            if (service.isPresent()) {
                var servicePort = service.get().getSpec().getPorts().stream().filter(p -> p.getPort() == port)
                        .findFirst().orElseGet(() -> fail(variable + ": Service " + url.getHost() + " has no port "
                                + port));
                int targetPort = servicePort.getTargetPort().getIntVal();
                Map<String, String> pods = find(objects, Deployment.class, url.getHost()).getSpec().getTemplate()
                        .getMetadata().getLabels();
                Map<String, String> provisioningPods = find(objects, Deployment.class, "provisioning-service")
                        .getSpec().getTemplate().getMetadata().getLabels();
                assertTrue(from.getSpec().getEgress().stream().anyMatch(r -> allowsPort(r.getPorts(), targetPort)
                        && r.getTo().stream().anyMatch(peer -> selects(peer, pods))),
                        variable + ": provisioning-service has no egress to " + url.getHost() + ":" + targetPort);
                var to = objects.stream()
                        .filter(io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class::isInstance)
                        .map(io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class::cast)
                        .filter(np -> !np.getSpec().getPodSelector().getMatchLabels().isEmpty()
                                && pods.entrySet().containsAll(np.getSpec().getPodSelector().getMatchLabels()
                                        .entrySet()))
                        .toList();
                assertFalse(to.isEmpty(), "no NetworkPolicy selects " + url.getHost());
                assertTrue(to.stream().flatMap(np -> np.getSpec().getIngress().stream())
                        .anyMatch(r -> allowsPort(r.getPorts(), targetPort)
                                && r.getFrom().stream().anyMatch(peer -> selects(peer, provisioningPods))),
                        variable + ": " + url.getHost() + ":" + targetPort + " admits no provisioning-service");
            } else {
                assertTrue(from.getSpec().getEgress().stream().anyMatch(r -> allowsPort(r.getPorts(), port)
                        && r.getTo().stream().anyMatch(peer -> peer.getIpBlock() != null)),
                        variable + ": provisioning-service has no egress to an outside address on " + port);
            }
        }
    }

    private static boolean allowsPort(List<io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort> ports,
            int port) {
        return ports == null || ports.isEmpty() || ports.stream().anyMatch(p -> p.getPort() != null
                && Integer.valueOf(port).equals(p.getPort().getIntVal()));
    }

    /** A peer of this namespace whose pod selector matches pods with these labels. */
    private static boolean selects(io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer peer,
            Map<String, String> labels) {
        return peer.getNamespaceSelector() == null && peer.getPodSelector() != null
                && labels.entrySet().containsAll(peer.getPodSelector().getMatchLabels().entrySet());
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
        // the client-certificate CA list of ingress-nginx (<namespace>/<name>) and the databases' backup credentials
        objects.stream().filter(Ingress.class::isInstance).map(i -> i.getMetadata().getAnnotations()
                .get("nginx.ingress.kubernetes.io/auth-tls-secret")).filter(java.util.Objects::nonNull)
                .forEach(a -> referenced.add(a.substring(a.indexOf('/') + 1)));
        custom(objects, "Cluster").forEach(c -> {
            referenced.add(c.get("spec", "backup", "barmanObjectStore", "s3Credentials", "accessKeyId", "name"));
            referenced.add(c.get("spec", "backup", "barmanObjectStore", "s3Credentials", "secretAccessKey", "name"));
        });
        String readme = Files.readString(Kustomize.K8S.resolve("README.md"));
        List<String> undocumented = new ArrayList<>();
        for (String name : referenced) {
            if (!readme.contains("`" + name + "`")) {
                undocumented.add(name);
            }
        }
        assertEquals(List.of(), undocumented, "Secrets prod expects but k8s/README.md does not name");
    }

    /** The overlays that are deployed (base is not). */
    static List<String> overlays() {
        return kustomizations().stream().filter(k -> k.startsWith("overlays/")).toList();
    }

    /**
     * Windows devices reach mdm-enrollment-service's enrollment (discovery, policy, enrollment, the token's link)
     * and management endpoints: the Ingress names these paths and sends them to the gateway, whose own configuration
     * routes them to mdm-enrollment-service's Service.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void windowsEnrollmentAndManagementAreRoutedToMdm(String kustomization) {
        List<HasMetadata> objects = parse(kustomization).objects();
        Ingress ingress = find(objects, Ingress.class, "gateway");
        Map<String, String> routes = new java.util.HashMap<>();
        ingress.getSpec().getRules().stream().flatMap(r -> r.getHttp().getPaths().stream())
                .filter(p -> "Prefix".equals(p.getPathType()))
                .forEach(p -> routes.put(p.getPath(), p.getBackend().getService().getName()));
        Properties gateway = properties("gateway");
        List<String> mdmPrefixes = List.of(gateway.getProperty("gateway.routes.mdm.prefixes").split(","));
        for (String path : WINDOWS_PATHS) {
            assertEquals("gateway", routes.get(path), kustomization + ": Ingress route of " + path + " " + routes);
            assertTrue(mdmPrefixes.contains(path), "the gateway does not route " + path + " to mdm: " + mdmPrefixes);
        }
        String upstream = gateway.getProperty("%prod.gateway.routes.mdm.url");
        assertEquals("http://mdm-enrollment-service", upstream);
        var service = find(objects, io.fabric8.kubernetes.api.model.Service.class, "mdm-enrollment-service");
        assertTrue(service.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == 80), "port 80 of " + upstream);
    }

    static final List<String> WINDOWS_PATHS = List.of("/EnrollmentServer", "/ManagementServer", "/enroll/windows");

    /** The header ingress-nginx sets from the TLS client certificate (auth-tls-pass-certificate-to-upstream). */
    static final String INGRESS_NGINX_CLIENT_CERT_HEADER = "ssl-client-cert";

    /**
     * prod: the Ingress asks every client for a certificate without requiring or verifying one and passes it on in
     * ssl-client-cert (always set or removed by ingress-nginx, so unforgeable); the gateway trusts that header, and
     * mdm-enrollment-service and ziti-edge-service read the same one.
     */
    @Test
    void prodPassesTheWindowsDevicesClientCertificateToMdm() {
        List<HasMetadata> objects = parse("overlays/prod").objects();
        Map<String, String> annotations = find(objects, Ingress.class, "gateway").getMetadata().getAnnotations();
        assertEquals("optional_no_ca", annotations.get("nginx.ingress.kubernetes.io/auth-tls-verify-client"));
        assertEquals("true", annotations.get("nginx.ingress.kubernetes.io/auth-tls-pass-certificate-to-upstream"));
        assertTrue(annotations.getOrDefault("nginx.ingress.kubernetes.io/auth-tls-secret", "")
                .matches("onboarding/[a-z0-9-]+"), "auth-tls-secret <namespace>/<name> in the prod namespace");
        Map<String, String> gateway = configMap(objects, "gateway-config");
        assertEquals("true", gateway.get("GATEWAY_CLIENT_CERT_HEADER_TRUSTED"));
        assertEquals(INGRESS_NGINX_CLIENT_CERT_HEADER, gateway.get("GATEWAY_CLIENT_CERT_HEADER_NAME"));
        assertEquals(INGRESS_NGINX_CLIENT_CERT_HEADER,
                configMap(objects, "mdm-enrollment-service-config").get("MDM_WINDOWS_CLIENT_CERT_HEADER_NAME"));
        assertEquals("true", properties("mdm-enrollment-service")
                .getProperty("%prod.mdm.windows.client-cert-header.trusted"), "mdm reads the header in prod");
        assertEquals(INGRESS_NGINX_CLIENT_CERT_HEADER,
                configMap(objects, "ziti-edge-service-config").get("ZITI_CLIENT_CERT_HEADER"));
    }

    /** Every other overlay (dev: no TLS at its Ingress) lets the gateway drop the header, whoever sends it. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void onlyProdTrustsAClientCertificateHeader(String kustomization) {
        if (kustomization.equals("overlays/prod")) {
            return;
        }
        List<HasMetadata> objects = parse(kustomization).objects();
        Map<String, String> gateway = configMap(objects, "gateway-config");
        assertEquals("false", gateway.get("GATEWAY_CLIENT_CERT_HEADER_TRUSTED"), kustomization);
        assertEquals(INGRESS_NGINX_CLIENT_CERT_HEADER, gateway.get("GATEWAY_CLIENT_CERT_HEADER_NAME"), kustomization);
    }

    /**
     * The ziti edge API over TLS: port edge-tls 1280 of the generated Deployment and Service, and the LoadBalancer
     * ziti-edge-api passing TLS through to it; never behind the Ingress (which would terminate TLS).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void theZitiEdgeApiIsPassedThroughOnPort1280(String kustomization) {
        List<HasMetadata> objects = parse(kustomization).objects();
        Container ziti = find(objects, Deployment.class, "ziti-edge-service").getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        assertTrue(ziti.getPorts().stream().anyMatch(p -> "edge-tls".equals(p.getName()) && p.getContainerPort() == 1280),
                "container port edge-tls 1280: " + ziti.getPorts());
        var inCluster = find(objects, io.fabric8.kubernetes.api.model.Service.class, "ziti-edge-service");
        assertTrue(inCluster.getSpec().getPorts().stream().anyMatch(p -> "edge-tls".equals(p.getName())
                && p.getPort() == 1280), "ziti-edge-service port edge-tls 1280");
        var external = find(objects, io.fabric8.kubernetes.api.model.Service.class, "ziti-edge-api");
        assertEquals("LoadBalancer", external.getSpec().getType());
        assertEquals(List.of("1280->edge-tls/TCP"), external.getSpec().getPorts().stream()
                .map(p -> p.getPort() + "->" + p.getTargetPort().getStrVal() + "/" + p.getProtocol()).toList());
        assertEquals(Map.of("app.kubernetes.io/name", "ziti-edge-service"), external.getSpec().getSelector().entrySet()
                .stream().filter(e -> e.getKey().equals("app.kubernetes.io/name"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        List<String> ingressBackends = objects.stream().filter(Ingress.class::isInstance).map(Ingress.class::cast)
                .flatMap(i -> i.getSpec().getRules().stream()).flatMap(r -> r.getHttp().getPaths().stream())
                .map(p -> p.getBackend().getService().getName()).distinct().toList();
        assertEquals(List.of("gateway"), ingressBackends, "the Ingress routes to the gateway only");
    }

    private static Map<String, String> configMap(List<HasMetadata> objects, String name) {
        return find(objects, io.fabric8.kubernetes.api.model.ConfigMap.class, name).getData();
    }

    static Properties properties(String app) {
        Properties properties = new Properties();
        Path file = Kustomize.K8S.getParent().resolve(app).resolve("src/main/resources/application.properties");
        try (var reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
        return properties;
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

package org.onboarding.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The checkers can fail: a small, valid workload passes all of them, and each deliberate mistake in it is caught
 * by the check meant for it.
 */
class CheckerSelfTest {

    private static final String GOOD = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: demo
            spec:
              replicas: 2
              selector:
                matchLabels:
                  app.kubernetes.io/name: demo
              template:
                metadata:
                  labels:
                    app.kubernetes.io/name: demo
                spec:
                  securityContext:
                    runAsNonRoot: true
                    seccompProfile:
                      type: RuntimeDefault
                  containers:
                    - name: demo
                      image: onboarding/demo:1.0.0
                      ports:
                        - name: http
                          containerPort: 8080
                      envFrom:
                        - configMapRef:
                            name: demo-config
                      startupProbe:
                        httpGet:
                          path: /q/health/started
                          port: http
                      readinessProbe:
                        httpGet:
                          path: /q/health/ready
                          port: http
                      livenessProbe:
                        httpGet:
                          path: /q/health/live
                          port: http
                      resources:
                        requests:
                          cpu: 100m
                          memory: 256Mi
                        limits:
                          cpu: "1"
                          memory: 512Mi
                      securityContext:
                        allowPrivilegeEscalation: false
                        readOnlyRootFilesystem: true
                        capabilities:
                          drop: ["ALL"]
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: demo-config
            data:
              GREETING: hello
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: demo
            spec:
              selector:
                app.kubernetes.io/name: demo
              ports:
                - name: http
                  port: 80
                  targetPort: http
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: demo
            spec:
              podSelector:
                matchLabels:
                  app.kubernetes.io/name: demo
              policyTypes: ["Ingress"]
              ingress:
                - from:
                    - podSelector:
                        matchLabels:
                          app.kubernetes.io/name: demo
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: demo-db
            type: Opaque
            """;

    @Test
    void aValidWorkloadPassesTheStrictModelsAndTheRules() {
        Manifests.Parsed parsed = Manifests.parse(GOOD);
        assertEquals(List.of(), parsed.unknownFields());
        assertEquals(5, parsed.objects().size());
        assertEquals(List.of(), PlatformRules.check(parsed.objects(), PlatformRules.Options.PROD));
    }

    @Test
    void aValidWorkloadPassesTheSchemas() throws IOException {
        Commands.Result schemas = KubernetesModels.validate(write("good", GOOD));
        assertTrue(schemas.ok(), schemas.describe());
    }

    @Test
    void aMisspelledFieldIsCaughtByTheStrictModels() {
        String broken = GOOD.replace("readinessProbe:", "readinesProbe:");
        assertEquals(List.of("apps/v1/Deployment demo: unknown field or wrong type at "
                + "spec.template.spec.containers[0].readinesProbe"), Manifests.parse(broken).unknownFields());
    }

    @Test
    void theSchemasAloneMissAMisspelledFieldWhichIsWhyTheStrictModelsExist() throws IOException {
        String broken = GOOD.replace("readinessProbe:", "readinesProbe:");
        assertTrue(KubernetesModels.validate(write("misspelled", broken)).ok());
    }

    @Test
    void wrongTypesAndMissingRequiredFieldsAreCaughtByTheSchemas() throws IOException {
        // replicas as a word, and the container without its (required) name
        String broken = GOOD.replace("replicas: 2", "replicas: two")
                .replaceAll("(?m)^( *)- name: demo\\n\\1  ", "$1- ");
        Commands.Result result = KubernetesModels.validate(write("types", broken));
        assertFalse(result.ok());
        assertTrue(result.output().contains("/spec/replicas must be integer"), result.describe());
        assertTrue(result.output().contains("/spec/template/spec/containers/0 must have required property name"),
                result.describe());
        List<String> fabric8 = Manifests.parse(GOOD.replace("replicas: 2", "replicas: two")).unknownFields();
        assertTrue(fabric8.stream().anyMatch(f -> f.contains("replicas")), fabric8::toString);
    }

    @Test
    void anUnknownKindIsReportedNotIgnored() {
        String crd = GOOD + "---\napiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: x\n";
        assertEquals(List.of("monitoring.coreos.com/v1/ServiceMonitor x: not a Kubernetes API kind the fabric8 "
                + "models know (a CRD or a typo)"), Manifests.parse(crd).unknownFields());
    }

    @Test
    void containerHardeningIsRequired() {
        String weak = GOOD.replace("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false")
                .replace("drop: [\"ALL\"]", "drop: [\"NET_RAW\"]")
                .replace("runAsNonRoot: true", "runAsNonRoot: false")
                .replace("allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true");
        assertEquals(List.of(
                "Deployment demo container demo: does not set runAsNonRoot: true (container or pod securityContext)",
                "Deployment demo container demo: does not set readOnlyRootFilesystem: true",
                "Deployment demo container demo: does not set allowPrivilegeEscalation: false",
                "Deployment demo container demo: does not drop ALL capabilities"), rules(weak));
        String noSeccomp = GOOD.replaceAll("(?m)^ *seccompProfile:\\n *type: RuntimeDefault\\n", "");
        assertEquals(List.of("Deployment demo container demo: has no seccompProfile RuntimeDefault (container or pod "
                + "securityContext)"), rules(noSeccomp));
    }

    private static final String CLUSTER = """
            ---
            apiVersion: postgresql.cnpg.io/v1
            kind: Cluster
            metadata:
              name: demo-db
            spec:
              instances: 3
              inheritedMetadata:
                labels:
                  app.kubernetes.io/name: demo-db
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: demo-db
            spec:
              podSelector:
                matchLabels:
                  cnpg.io/cluster: demo-db
              policyTypes: ["Egress"]
              egress:
                - to:
                    - podSelector:
                        matchLabels:
                          app.kubernetes.io/name: demo-db
            """;

    /** The instances of a CloudNativePG cluster are pods of the render too: the operator's and inherited labels. */
    @Test
    void networkPoliciesMaySelectTheInstancesOfACloudNativePgCluster() {
        Manifests.Parsed parsed = Manifests.parse(GOOD + CLUSTER);
        assertEquals(List.of(), parsed.unknownFields(), "a Cluster is a known custom resource");
        assertEquals(List.of(), PlatformRules.check(parsed.objects(), PlatformRules.Options.PROD));
        assertEquals(List.of(
                "NetworkPolicy demo-db: podSelector {cnpg.io/cluster=demo-db} matches no pod template",
                "NetworkPolicy demo-db: peer podSelector {app.kubernetes.io/name=demo-db} matches no pod template"),
                rules(GOOD + CLUSTER.replace("name: demo-db\nspec:\n  instances", "name: other-db\nspec:\n  instances")
                        .replace("app.kubernetes.io/name: demo-db\n---", "app.kubernetes.io/name: other-db\n---")));
    }

    @Test
    void selectorsThatSelectNothingAreCaught() {
        String broken = GOOD
                .replace("selector:\n    app.kubernetes.io/name: demo", "selector:\n    app.kubernetes.io/name: dmeo")
                .replace("podSelector:\n    matchLabels:\n      app.kubernetes.io/name: demo\n  policyTypes",
                        "podSelector:\n    matchLabels:\n      app.kubernetes.io/name: nobody\n  policyTypes");
        assertEquals(List.of("Service demo: selector {app.kubernetes.io/name=dmeo} matches no pod template",
                "NetworkPolicy demo: podSelector {app.kubernetes.io/name=nobody} matches no pod template"),
                rules(broken));
    }

    @Test
    void secretValuesAreAllowedOnlyInDevAndLabelledThere() {
        String withValue = GOOD.replace("name: demo-db\ntype: Opaque",
                "name: demo-db\ntype: Opaque\nstringData:\n  password: hunter2");
        assertEquals(List.of("Secret demo-db: contains values [password]; only the dev overlay may (placeholders "
                + "elsewhere)"), rules(withValue));
        assertEquals(List.of("Secret demo-db: contains values but is not labelled onboarding.org/dev-only=true"),
                PlatformRules.check(Manifests.parse(withValue).objects(), PlatformRules.Options.DEV));
    }

    @Test
    void referencesMustResolve() {
        String broken = GOOD.replace("name: demo-config\ndata", "name: other-config\ndata");
        assertEquals(List.of("Deployment demo: refers to ConfigMap demo-config, which the render does not contain"),
                rules(broken));
    }

    @Test
    void secretLookingValuesInConfigMapsAndLiteralEnvAreAllowedOnlyInDev() {
        String leaky = GOOD
                .replace("  GREETING: hello\n", "  GREETING: hello\n  DB_PASSWORD: hunter2\n"
                        + "  SIGNING_KEY_LOCATION: /etc/demo/key.pem\n  SESSION_TOKEN_TTL: 30m\n"
                        + "  tls.key: \"-----BEGIN PRIVATE KEY-----\\nMIIE\\n-----END PRIVATE KEY-----\"\n"
                        + "  ca.crt: \"-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\"\n")
                .replace("          envFrom:\n", "          env:\n            - name: API_TOKEN\n              value: abc123\n"
                        + "            - name: LOG_LEVEL\n              value: INFO\n          envFrom:\n");
        assertEquals(List.of(),  Manifests.parse(leaky).unknownFields());
        assertEquals(List.of(
                "Deployment demo container demo: env API_TOKEN is a literal secret-looking value; use a Secret "
                        + "(secretKeyRef) instead",
                "ConfigMap demo-config: key DB_PASSWORD looks like a secret value; use a Secret (secretKeyRef) instead",
                "ConfigMap demo-config: key tls.key looks like a secret value; use a Secret (secretKeyRef) instead"),
                rules(leaky));
        assertEquals(List.of(), PlatformRules.check(Manifests.parse(leaky).objects(), PlatformRules.Options.DEV));
    }

    @Test
    void filesAnAppReadsMustBeMountedWithThatKey() {
        String withLocation = GOOD.replace("  GREETING: hello\n", "  GREETING: hello\n  DEMO_KEY_LOCATION: /etc/demo/key.pem\n");
        // the app's %prod default, overridable through DEMO_CERT_LOCATION (which the ConfigMap does not set)
        Map<String, Map<String, String>> prod = Map.of("demo",
                Map.of("demo.cert-location", "${DEMO_CERT_LOCATION:/etc/demo/cert.pem}"));
        assertEquals(List.of(
                "Deployment demo container demo: reads /etc/demo/cert.pem (demo.cert-location) but nothing is mounted there",
                "Deployment demo container demo: reads /etc/demo/key.pem (DEMO_KEY_LOCATION) but nothing is mounted there"),
                sorted(MountedFiles.check(Manifests.parse(withLocation).objects(), prod, List.of())));

        String mounted = withLocation
                .replace("              drop: [\"ALL\"]\n", "              drop: [\"ALL\"]\n"
                        + "          volumeMounts:\n            - name: keys\n              mountPath: /etc/demo\n"
                        + "      volumes:\n        - name: keys\n          projected:\n            sources:\n"
                        + "              - secret:\n                  name: demo-db\n")
                .replace("  name: demo-db\ntype: Opaque", "  name: demo-db\n  annotations:\n"
                        + "    onboarding.org/secret-keys: key.pem\ntype: Opaque");
        assertEquals(List.of(), Manifests.parse(mounted).unknownFields());
        assertEquals(List.of("Deployment demo container demo: reads /etc/demo/cert.pem (demo.cert-location) but volume "
                + "keys holds only [key.pem]"), MountedFiles.check(Manifests.parse(mounted).objects(), prod, List.of()));
        // the env overrides the default: pointing it at the mounted key satisfies the check
        String overridden = mounted.replace("  GREETING: hello\n", "  GREETING: hello\n  DEMO_CERT_LOCATION: /etc/demo/key.pem\n");
        assertEquals(List.of(), MountedFiles.check(Manifests.parse(overridden).objects(), prod, List.of()));
        // and a projected Secret that the render lacks is a dangling reference like any other
        assertEquals(List.of("Deployment demo: refers to Secret demo-db, which the render does not contain"),
                PlatformRules.check(Manifests.parse(mounted.replace("name: demo-db\n  annotations", "name: other-db\n  annotations"))
                        .objects(), PlatformRules.Options.BASE));
    }

    @Test
    void everyOverlayDirectoryIsFoundWithoutListingItInTheTests() throws IOException {
        Path tree = Kustomize.WORK.resolve("self-test/tree");
        for (String dir : List.of("base", "overlays/dev", "overlays/staging")) {
            Files.createDirectories(tree.resolve(dir));
            Files.writeString(tree.resolve(dir).resolve("kustomization.yaml"), "resources: []\n");
        }
        Files.createDirectories(tree.resolve("overlays/notes"));
        assertEquals(List.of("base", "overlays/dev", "overlays/staging"), Kustomize.kustomizations(tree));
        assertEquals(PlatformRules.Options.PROD, OverlaysTest.options("overlays/staging"),
                "an unknown overlay must get the strict rules (no secret values)");
    }

    @Test
    void stderrNeverEndsUpInTheParsedOutput() {
        Commands.Result result = Commands.run(Path.of("."), 30,
                List.of("sh", "-c", "echo 'kind: ConfigMap'; echo 'Warning: deprecated' >&2"));
        assertEquals("kind: ConfigMap\n", result.output());
        assertEquals("Warning: deprecated\n", result.errors());
    }

    private static List<String> sorted(List<String> list) {
        return list.stream().sorted().toList();
    }

    private static List<String> rules(String yaml) {
        Manifests.Parsed parsed = Manifests.parse(yaml);
        return PlatformRules.check(parsed.objects(), PlatformRules.Options.PROD);
    }

    private static Path write(String name, String yaml) throws IOException {
        Path dir = Files.createDirectories(Kustomize.WORK.resolve("self-test"));
        return Files.writeString(dir.resolve(name + ".yaml"), yaml);
    }

}

package org.onboarding.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
        assertTrue(schemas.ok(), schemas.output());
    }

    @Test
    void aMisspelledFieldIsCaughtByTheStrictModels() {
        String broken = GOOD.replace("readinessProbe:", "readinesProbe:");
        assertEquals(List.of("apps/v1/Deployment demo: unknown field or wrong type at "
                + "spec.template.spec.containers[0].readinesProbe"), Manifests.parse(broken).unknownFields());
        // and the rules see the probe as missing
        assertEquals(List.of("Deployment demo container demo: has no readinessProbe"), rules(broken));
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
        assertTrue(result.output().contains("/spec/replicas must be integer"), result.output());
        assertTrue(result.output().contains("/spec/template/spec/containers/0 must have required property name"),
                result.output());
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
                .replace("allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true")
                .replaceAll("(?m)^ *limits:\\n *cpu: \"1\"\\n *memory: 512Mi\\n", "")
                .replace("livenessProbe:", "startupProbe:");
        assertEquals(List.of(
                "Deployment demo container demo: does not set runAsNonRoot: true (container or pod securityContext)",
                "Deployment demo container demo: does not set readOnlyRootFilesystem: true",
                "Deployment demo container demo: does not set allowPrivilegeEscalation: false",
                "Deployment demo container demo: does not drop ALL capabilities",
                "Deployment demo container demo: has no livenessProbe",
                "Deployment demo container demo: has no cpu limit",
                "Deployment demo container demo: has no memory limit"), rules(weak));
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

    private static List<String> rules(String yaml) {
        Manifests.Parsed parsed = Manifests.parse(yaml);
        return PlatformRules.check(parsed.objects(), PlatformRules.Options.PROD);
    }

    private static Path write(String name, String yaml) throws IOException {
        Path dir = Files.createDirectories(Kustomize.WORK.resolve("self-test"));
        return Files.writeString(dir.resolve(name + ".yaml"), yaml);
    }

}

// Validates every object of one or more multi-document YAML files against the Kubernetes API schemas of the npm
// package kubernetes-models (types, formats, required fields). Offline: the schemas ship with the package.
// Usage: node validate.mjs rendered.yaml...   Exit 0 when all objects are valid, 1 otherwise (errors on stdout).
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const errors = [];
let count = 0;
let custom = 0;
// custom resources whose schemas are their operator's CRDs (k8s-tests checks them against CloudNativePG's own CRDs
// in its upstream-spec profile); any other kind without a schema here is an error
const CUSTOM_RESOURCES = new Set(["postgresql.cnpg.io/v1/Cluster", "postgresql.cnpg.io/v1/ScheduledBackup"]);

for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    if (doc.errors.length > 0) {
      errors.push(`${file}: YAML: ${doc.errors.map((e) => e.message).join("; ")}`);
      continue;
    }
    const obj = doc.toJS();
    if (obj === null || obj === undefined) continue;
    const where = `${file}: ${obj.apiVersion}/${obj.kind} ${obj.metadata?.name ?? "<no name>"}`;
    if (typeof obj.apiVersion !== "string" || typeof obj.kind !== "string") {
      errors.push(`${where}: apiVersion and kind are required`);
      continue;
    }
    if (CUSTOM_RESOURCES.has(`${obj.apiVersion}/${obj.kind}`)) {
      custom++;
      continue;
    }
    normalizeBase64(obj);
    let model;
    try {
      // the package exports one module per kind: kubernetes-models/<group>/<version>/<Kind> ("v1/Service" for core)
      model = (await import(`kubernetes-models/${obj.apiVersion}/${obj.kind}`))[obj.kind];
    } catch {
      model = undefined;
    }
    if (typeof model !== "function") {
      errors.push(`${where}: no schema for this apiVersion/kind (a CRD or a typo)`);
      continue;
    }
    try {
      new model(obj).validate();
      count++;
    } catch (e) {
      const details = Array.isArray(e.errors)
        ? e.errors.map((d) => `${d.instancePath || "/"} ${d.message}${d.params ? " " + JSON.stringify(d.params) : ""}`)
        : [String(e.message ?? e)];
      errors.push(`${where}:\n    ${details.join("\n    ")}`);
    }
  }
}

// kustomize wraps the base64 of generated Secrets across lines; the API server decodes with Go's base64, which
// ignores \r and \n, so the line breaks are valid there while the schema's strict "byte" format rejects them.
function normalizeBase64(obj) {
  const fields = obj.kind === "Secret" ? ["data"] : obj.kind === "ConfigMap" ? ["binaryData"] : [];
  for (const field of fields) {
    const values = obj[field];
    if (values && typeof values === "object") {
      for (const [key, value] of Object.entries(values)) {
        if (typeof value === "string") values[key] = value.replace(/[\r\n]/g, "");
      }
    }
  }
}

if (errors.length > 0) {
  console.log(errors.join("\n"));
  process.exit(1);
}
console.log(`kubernetes-models: ${count} objects valid (${custom} custom resources left to their CRD schemas)`);

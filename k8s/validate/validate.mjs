// Validates rendered Kubernetes manifests offline, for k8s/validate.sh.
//
//   node validate.mjs LABEL=FILE.yaml [LABEL=FILE.yaml ...]
//
// Every object is checked against the Kubernetes API's own OpenAPI schemas, as compiled into JSON-schema
// validators by the npm package kubernetes-models (generated from the official OpenAPI spec; version
// pinned in package-lock.json): types, required fields, enums, formats, int-or-string values. Nothing is
// fetched at run time.
//
// Three checks go further than the schemas, because each catches a mistake the API server or the kubelet
// would reject (or silently misbehave on) only once it is applied:
//   - strict fields: a field the schema does not define (a typo such as `livenessprobe`) is an error,
//     as with kubeconform -strict or kubectl --validate=strict. The validators compiled into
//     kubernetes-models look up every field their schema defines; the objects are wrapped so that
//     every lookup is recorded, and a field nobody looked up is unknown. Maps (labels, data, resource
//     quantities) are enumerated by their validators and so are never reported.
//   - workloads: the selector must match the pod template's labels; probe and Service ports given by
//     name must name a container port.
//   - references: a ConfigMap a pod uses must be in the same rendering (kustomize renames generated
//     ConfigMaps; a stale name would leave the pod waiting forever). Secrets are created by hand
//     (the API token, the cluster certificates), so only their names are listed.
// and security.mjs adds Crossfold's security rules: Pod Security "restricted", cluster TLS from the
// Secret, no token or --insecure-cluster on a command line or in a plain value, NetworkPolicy coverage
// and the paths it must open and close.
//
// Exit status: 0 when every object is valid, 1 otherwise (2 for unusable input).
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import { podTemplateOf, matches } from "./pods.mjs";
import { securityProblems } from "./security.mjs";

const groupModules = {
  "": "v1", // the core group lives at kubernetes-models/v1
};

async function modelFor(apiVersion, kind) {
  if (typeof apiVersion !== "string" || typeof kind !== "string") return undefined;
  const slash = apiVersion.lastIndexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const path = group === "" ? `kubernetes-models/${version}` : `kubernetes-models/${group}/${version}`;
  try {
    const module = await import(path);
    const model = module[kind];
    return typeof model === "function" && model.kind === kind && model.apiVersion === apiVersion ? model : undefined;
  } catch {
    return undefined;
  }
}

// ---- strict fields: record what the schema validator looks at ----
function tracked(root) {
  const info = new WeakMap(); // target -> { path, read: Set, enumerated }
  const proxies = new WeakMap();
  function wrap(value, path) {
    if (value === null || typeof value !== "object") return value;
    if (proxies.has(value)) return proxies.get(value);
    const entry = { path, read: new Set(), enumerated: false };
    info.set(value, entry);
    const proxy = new Proxy(value, {
      get(target, key, receiver) {
        const v = Reflect.get(target, key, receiver);
        if (typeof key !== "string") return v;
        entry.read.add(key);
        if (Object.prototype.hasOwnProperty.call(target, key))
          return wrap(v, Array.isArray(target) ? `${path}[${key}]` : `${path}.${key}`);
        return v;
      },
      has(target, key) {
        if (typeof key === "string") entry.read.add(key);
        return Reflect.has(target, key);
      },
      ownKeys(target) {
        entry.enumerated = true;
        return Reflect.ownKeys(target);
      },
    });
    proxies.set(value, proxy);
    return proxy;
  }
  const proxy = wrap(root, "");
  function unknownFields() {
    const found = [];
    (function walk(value) {
      if (value === null || typeof value !== "object") return;
      if (Array.isArray(value)) return value.forEach(walk);
      const entry = info.get(value);
      if (entry && !entry.enumerated && entry.read.size > 0)
        for (const key of Object.keys(value))
          if (!entry.read.has(key)) found.push(`${entry.path}.${key}`.replace(/^\./, ""));
      Object.values(value).forEach(walk);
    })(root);
    return found;
  }
  return { proxy, unknownFields };
}

// "/spec/template/spec/containers/0/name" -> "spec.template.spec.containers[0].name", as the strict check writes it.
function jsonPointerToPath(pointer) {
  if (!pointer) return "(object)";
  return pointer.split("/").slice(1)
    .map(part => part.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path ? `${path}.${part}` : part), "");
}

// ---- the checks the schemas cannot make ----
function workloadProblems(object, configMaps) {
  const problems = [];
  const template = podTemplateOf(object);
  if (!template) return problems;
  const labels = template.metadata?.labels ?? {};
  if (object.kind !== "Pod" && object.kind !== "Job" && object.kind !== "CronJob" && !matches(object.spec?.selector, labels))
    problems.push("spec.selector does not match spec.template.metadata.labels");
  const spec = template.spec ?? {};
  const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  for (const c of containers) {
    const portNames = new Set((c.ports ?? []).map(p => p.name).filter(Boolean));
    for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
      const port = c[probe]?.httpGet?.port ?? c[probe]?.tcpSocket?.port ?? c[probe]?.grpc?.port;
      if (typeof port === "string" && !/^\d+$/.test(port) && !portNames.has(port))
        problems.push(`container ${c.name}: ${probe} uses port '${port}', which no containerPort names`);
    }
    for (const from of c.envFrom ?? [])
      if (from.configMapRef && !from.configMapRef.optional && !configMaps.has(from.configMapRef.name))
        problems.push(`container ${c.name}: envFrom ConfigMap '${from.configMapRef.name}' is not in this rendering`);
    for (const env of c.env ?? []) {
      const ref = env.valueFrom?.configMapKeyRef;
      if (ref && !ref.optional && !configMaps.has(ref.name))
        problems.push(`container ${c.name}: env ${env.name} uses ConfigMap '${ref.name}', which is not in this rendering`);
    }
  }
  for (const v of spec.volumes ?? [])
    if (v.configMap && !v.configMap.optional && !configMaps.has(v.configMap.name))
      problems.push(`volume ${v.name}: ConfigMap '${v.configMap.name}' is not in this rendering`);
  return problems;
}

function servicePortProblems(service, objects) {
  const problems = [];
  const selector = service.spec?.selector;
  if (!selector) return problems;
  const pods = objects.map(podTemplateOf).filter(t => t && matches({ matchLabels: selector }, t.metadata?.labels));
  if (pods.length === 0) return [`spec.selector matches no pod template in this rendering`];
  for (const port of service.spec?.ports ?? []) {
    if (typeof port.targetPort !== "string" || /^\d+$/.test(port.targetPort)) continue;
    const named = pods.some(t => [...(t.spec?.containers ?? [])].some(c => (c.ports ?? []).some(p => p.name === port.targetPort)));
    if (!named) problems.push(`port ${port.name ?? port.port}: targetPort '${port.targetPort}' names no containerPort of the selected pods`);
  }
  return problems;
}

function secretNames(object) {
  const template = podTemplateOf(object);
  const names = new Set();
  for (const v of template?.spec?.volumes ?? []) if (v.secret?.secretName) names.add(v.secret.secretName);
  for (const c of template?.spec?.containers ?? []) {
    for (const e of c.env ?? []) if (e.valueFrom?.secretKeyRef?.name) names.add(e.valueFrom.secretKeyRef.name);
    for (const f of c.envFrom ?? []) if (f.secretRef?.name) names.add(f.secretRef.name);
  }
  return names;
}

// ---- main ----
const inputs = process.argv.slice(2).map(arg => {
  const eq = arg.indexOf("=");
  return eq < 0 ? { label: arg, file: arg } : { label: arg.slice(0, eq), file: arg.slice(eq + 1) };
});
if (inputs.length === 0) {
  console.error("usage: node validate.mjs LABEL=FILE.yaml ...");
  process.exit(2);
}

let totalObjects = 0, totalErrors = 0;
const externalSecrets = new Set();
for (const { label, file } of inputs) {
  let text;
  try { text = readFileSync(file, "utf8"); } catch (e) { console.error(`${label}: cannot read ${file}: ${e.message}`); process.exit(2); }
  const errors = [];
  const objects = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors?.length) { doc.errors.forEach(e => errors.push(`YAML: ${e.message}`)); continue; }
    const object = doc.toJS();
    if (object === null || object === undefined) continue;
    objects.push(object);
  }
  const configMaps = new Set(objects.filter(o => o.kind === "ConfigMap" && o.apiVersion === "v1").map(o => o.metadata?.name));
  for (const object of objects) {
    const name = `${object?.kind ?? "?"}/${object?.metadata?.name ?? "?"}`;
    const problems = [];
    if (typeof object !== "object" || Array.isArray(object)) { errors.push(`document is not an object`); continue; }
    if (!object.metadata?.name) problems.push("metadata.name is missing");
    const model = await modelFor(object.apiVersion, object.kind);
    if (!model) {
      problems.push(`apiVersion '${object.apiVersion}' kind '${object.kind}' is not a Kubernetes API type known to the schemas`);
    } else {
      const { proxy, unknownFields } = tracked(structuredClone(object));
      try {
        model.prototype.validate.call(proxy);
      } catch (e) {
        if (Array.isArray(e.errors)) for (const err of e.errors) problems.push(`${jsonPointerToPath(err.instancePath)}: ${err.message}`);
        else problems.push(e.message);
      }
      for (const field of unknownFields()) problems.push(`${field}: unknown field (not in the ${object.apiVersion} ${object.kind} schema)`);
    }
    problems.push(...workloadProblems(object, configMaps));
    if (object.kind === "Service") problems.push(...servicePortProblems(object, objects));
    secretNames(object).forEach(s => externalSecrets.add(s));
    totalObjects++;
    for (const p of problems) errors.push(`${name}: ${p}`);
  }
  errors.push(...securityProblems(objects));
  if (objects.length === 0) errors.push("no objects rendered");
  totalErrors += errors.length;
  const kinds = objects.map(o => o.kind).sort().reduce((m, k) => (m[k] = (m[k] ?? 0) + 1, m), {});
  const summary = Object.entries(kinds).map(([k, n]) => (n > 1 ? `${n} ${k}` : k)).join(", ");
  console.log(`${errors.length ? "FAIL" : "ok  "} ${label}: ${objects.length} objects (${summary})${errors.length ? `, ${errors.length} error(s)` : ""}`);
  for (const e of errors) console.log(`       ${e}`);
}
const secrets = [...externalSecrets].sort();
if (secrets.length) console.log(`     Secrets the pods expect to exist (created by hand, not in the manifests): ${secrets.join(", ")}`);
console.log(`${totalErrors ? "FAIL" : "ok  "} ${inputs.length} rendering(s), ${totalObjects} objects, ${totalErrors} error(s)`);
process.exit(totalErrors ? 1 : 0);

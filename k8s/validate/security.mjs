// Crossfold's security rules for its rendered manifests, for validate.mjs. Each rule is one the API server
// would not catch at `kubectl apply` (or catches only on a cluster with the matching admission settings):
//
//   - Pod Security "restricted" for every pod template (the namespace enforces it, so a pod breaking it
//     would be refused only once applied), plus Crossfold's own: read-only root file system, no
//     service-account token; the namespace carries the enforce/audit/warn labels.
//   - Cluster nodes (coordinator and workers) use mutual TLS: the Secret crossfold-cluster-tls mounted
//     read-only at /etc/crossfold/tls, CROSSFOLD_TLS_CERTIFICATE and CROSSFOLD_TLS_CA pointing into it,
//     CROSSFOLD_PORT equal to the containerPort named akka (the port the NetworkPolicies open).
//   - No secret and no opt-out on a command line or in a plain value: no `--token`, `--tls-password` or
//     `--insecure-cluster` argument, no CROSSFOLD_API_TOKEN variable (the token comes from a file), no
//     CROSSFOLD_TLS_PASSWORD in plain text, no CROSSFOLD_INSECURE_CLUSTER, nothing that looks like a token.
//   - Every cluster node (workers too: they download dataset files) reads CROSSFOLD_API_TOKEN_FILE from a
//     read-only mount of the Secret crossfold-api-token, key token.
//   - Secret files are readable by the pod's user (mode and fsGroup), or the program fails at start.
//   - NetworkPolicy: every pod is selected for Ingress and for Egress, every policy selects a pod, and the
//     paths the cluster needs are open while the ones it must not have are closed (evaluated with the
//     NetworkPolicy rules for the pods this rendering contains).
import { podTemplateOf, matches, containersOf } from "./pods.mjs";

const tls = {
  secret: "crossfold-cluster-tls",
  mountPath: "/etc/crossfold/tls",
  files: { CROSSFOLD_TLS_CERTIFICATE: "node.pfx", CROSSFOLD_TLS_CA: "ca.crt" },
};
const nodeComponents = ["coordinator", "worker"];
const defaultRemotingPort = 4053;
const apiPort = 5080;
const apiToken = { secret: "crossfold-api-token", key: "token" };
const outsideAddress = "203.0.113.7"; // TEST-NET-3: stands for any address outside the cluster

/** Every security problem of one rendering, each as "Kind/name: what is wrong". */
export function securityProblems(objects) {
  const configMaps = new Map(objects.filter(o => o.kind === "ConfigMap").map(o => [o.metadata?.name, o.data ?? {}]));
  const problems = [];
  for (const object of objects) {
    const name = `${object.kind}/${object.metadata?.name}`;
    const found = [];
    if (object.kind === "Namespace") found.push(...namespaceProblems(object));
    if (object.kind === "ConfigMap") found.push(...configMapProblems(object));
    const template = podTemplateOf(object);
    if (template) {
      found.push(...podSecurityProblems(template.spec ?? {}));
      found.push(...secretReadabilityProblems(template.spec ?? {}));
      for (const c of containersOf(template.spec)) found.push(...commandLineProblems(c, effectiveEnv(c, configMaps)));
      if (isClusterNode(template)) found.push(...clusterTlsProblems(template, configMaps), ...apiTokenProblems(template, configMaps));
    }
    problems.push(...found.map(p => `${name}: ${p}`));
  }
  problems.push(...networkPolicyProblems(objects));
  return problems;
}

// ---- the namespace and ConfigMaps ----
function namespaceProblems(namespace) {
  const labels = namespace.metadata?.labels ?? {};
  return ["enforce", "audit", "warn"]
    .filter(mode => labels[`pod-security.kubernetes.io/${mode}`] !== "restricted")
    .map(mode => `label pod-security.kubernetes.io/${mode} must be "restricted" (is ${JSON.stringify(labels[`pod-security.kubernetes.io/${mode}`] ?? null)})`);
}

function configMapProblems(configMap) {
  const problems = [];
  for (const [key, value] of Object.entries(configMap.data ?? {})) {
    if (key === "CROSSFOLD_API_TOKEN" || key === "CROSSFOLD_TLS_PASSWORD")
      problems.push(`data.${key}: a secret in a ConfigMap (ConfigMaps are not secret): use a Secret mounted as a file`);
    if (looksLikeToken(value)) problems.push(`data.${key}: holds what looks like a token or key`);
  }
  return problems;
}

// ---- Pod Security "restricted" (https://kubernetes.io/docs/concepts/security/pod-security-standards/) ----
const restrictedVolumeTypes = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];
const safeSysctls = ["kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"];
const selinuxTypes = ["", "container_t", "container_init_t", "container_kvm_t", "container_engine_t"];

function podSecurityProblems(spec) {
  const problems = [];
  const restricted = text => `${text} (Pod Security "restricted")`;
  const pod = spec.securityContext ?? {};
  for (const field of ["hostNetwork", "hostPID", "hostIPC"]) if (spec[field] === true) problems.push(restricted(`${field} must not be true`));
  if (spec.automountServiceAccountToken !== false)
    problems.push("automountServiceAccountToken must be false: no Crossfold pod uses the Kubernetes API");
  for (const v of spec.volumes ?? []) {
    const type = Object.keys(v).find(k => k !== "name");
    if (!restrictedVolumeTypes.includes(type)) problems.push(restricted(`volume ${v.name}: type ${type} is not allowed`));
  }
  for (const s of pod.sysctls ?? []) if (!safeSysctls.includes(s.name)) problems.push(restricted(`sysctl ${s.name} is not allowed`));
  if (pod.runAsUser === 0) problems.push(restricted("securityContext.runAsUser must not be 0"));
  problems.push(...seLinuxAndAppArmorProblems(pod, "securityContext").map(restricted));
  const podSeccomp = pod.seccompProfile?.type;
  for (const c of containersOf(spec)) {
    const sc = c.securityContext ?? {};
    const at = text => `container ${c.name}: ${text}`;
    if (sc.privileged === true) problems.push(restricted(at("securityContext.privileged must not be true")));
    if (sc.allowPrivilegeEscalation !== false) problems.push(restricted(at("securityContext.allowPrivilegeEscalation must be false")));
    if (!(sc.capabilities?.drop ?? []).includes("ALL")) problems.push(restricted(at("securityContext.capabilities.drop must include ALL")));
    for (const cap of sc.capabilities?.add ?? [])
      if (cap !== "NET_BIND_SERVICE") problems.push(restricted(at(`securityContext.capabilities.add must not include ${cap}`)));
    if (!(sc.runAsNonRoot === true || (pod.runAsNonRoot === true && sc.runAsNonRoot !== false)))
      problems.push(restricted(at("runAsNonRoot must be true (in the pod's or the container's securityContext)")));
    if (sc.runAsUser === 0) problems.push(restricted(at("securityContext.runAsUser must not be 0")));
    const seccomp = sc.seccompProfile?.type ?? podSeccomp;
    if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost")
      problems.push(restricted(at(`seccompProfile.type must be RuntimeDefault or Localhost (in the pod's or the container's securityContext), is ${seccomp ?? "unset"}`)));
    if (sc.procMount !== undefined && sc.procMount !== "Default") problems.push(restricted(at("securityContext.procMount must be Default")));
    problems.push(...seLinuxAndAppArmorProblems(sc, "securityContext").map(p => restricted(at(p))));
    for (const p of c.ports ?? []) if (p.hostPort) problems.push(restricted(at(`port ${p.name ?? p.containerPort}: hostPort is not allowed`)));
    if (sc.readOnlyRootFilesystem !== true)
      problems.push(at("securityContext.readOnlyRootFilesystem must be true (write to an emptyDir or a volume instead)"));
  }
  return problems;
}

function seLinuxAndAppArmorProblems(sc, where) {
  const problems = [];
  const se = sc.seLinuxOptions;
  if (se && !selinuxTypes.includes(se.type ?? "")) problems.push(`${where}.seLinuxOptions.type ${se.type} is not allowed`);
  if (se?.user || se?.role) problems.push(`${where}.seLinuxOptions must not set user or role`);
  if (sc.appArmorProfile?.type === "Unconfined") problems.push(`${where}.appArmorProfile.type must not be Unconfined`);
  return problems;
}

// ---- Secret files the process can read ----
function secretReadabilityProblems(spec) {
  const pod = spec.securityContext ?? {};
  const users = containersOf(spec).map(c => c.securityContext?.runAsUser ?? pod.runAsUser);
  if (users.some(u => u === 0 || u === undefined)) return []; // root, or the image's user: cannot tell
  const problems = [];
  for (const v of spec.volumes ?? []) {
    if (!v.secret) continue;
    const modes = (v.secret.items ?? [{}]).map(item => item.mode ?? v.secret.defaultMode ?? 0o644);
    for (const mode of modes) {
      const readable = (mode & 0o004) !== 0 || (pod.fsGroup !== undefined && (mode & 0o040) !== 0);
      if (!readable)
        problems.push(`volume ${v.name}: Secret ${v.secret.secretName}'s files (mode 0${mode.toString(8)}, owned by root${pod.fsGroup === undefined ? ", no fsGroup" : ""}) are unreadable by UID ${users[0]}: set securityContext.fsGroup`);
    }
  }
  return [...new Set(problems)];
}

// ---- secrets and opt-outs on command lines and in environment variables ----
// Every cluster node reads the API token from the mounted Secret: the coordinator to check requests, workers
// to download dataset files from it (an uploaded dataset cannot be trained without).
function apiTokenProblems(template, configMaps) {
  const spec = template.spec ?? {};
  const problems = [];
  for (const c of (spec.containers ?? []).filter(c => (c.ports ?? []).some(p => p.name === "akka"))) {
    const at = text => `container ${c.name}: ${text}`;
    const file = effectiveEnv(c, configMaps).get("CROSSFOLD_API_TOKEN_FILE")?.value;
    if (!file) { problems.push(at(`CROSSFOLD_API_TOKEN_FILE is not set: the node needs the API token from the Secret ${apiToken.secret}`)); continue; }
    const mount = (c.volumeMounts ?? []).find(m => !m.subPath && file.startsWith(m.mountPath.replace(/\/$/, "") + "/"));
    const volume = mount && (spec.volumes ?? []).find(v => v.name === mount.name);
    const path = mount && file.slice(mount.mountPath.replace(/\/$/, "").length + 1);
    if (!volume || volume.secret?.secretName !== apiToken.secret)
      problems.push(at(`CROSSFOLD_API_TOKEN_FILE ${file} is not in a mount of the Secret ${apiToken.secret}`));
    else if (mount.readOnly !== true) problems.push(at(`the mount of ${apiToken.secret} at ${mount.mountPath} must be readOnly`));
    else if (volume.secret.optional === true) problems.push(`volume ${volume.name}: the Secret ${apiToken.secret} must not be optional`);
    else if (volume.secret.items ? !volume.secret.items.some(i => i.key === apiToken.key && i.path === path) : path !== apiToken.key)
      problems.push(at(`CROSSFOLD_API_TOKEN_FILE ${file} is not the Secret ${apiToken.secret}'s key ${apiToken.key}`));
  }
  return problems;
}

function effectiveEnv(container, configMaps) {
  const env = new Map();
  for (const from of container.envFrom ?? [])
    if (from.configMapRef)
      for (const [k, value] of Object.entries(configMaps.get(from.configMapRef.name) ?? {}))
        env.set(`${from.prefix ?? ""}${k}`, { value, from: `ConfigMap ${from.configMapRef.name}` });
  for (const e of container.env ?? []) env.set(e.name, { value: e.value, valueFrom: e.valueFrom, from: "env" });
  return env;
}

function looksLikeToken(value) {
  return typeof value === "string" && /(^|[^0-9a-zA-Z])[0-9a-fA-F]{32,}($|[^0-9a-zA-Z])/.test(value);
}

function commandLineProblems(c, env) {
  const problems = [];
  const at = text => `container ${c.name}: ${text}`;
  for (const arg of [...(c.command ?? []), ...(c.args ?? [])].map(String)) {
    if (/(^|\s)--token(=|\s|$)/.test(arg))
      problems.push(at(`'--token' on the command line shows the token to anything that can list processes: use --token-file with the mounted Secret`));
    if (/(^|\s)--tls-password(=|\s|$)/.test(arg))
      problems.push(at(`'--tls-password' on the command line: use CROSSFOLD_TLS_PASSWORD from a Secret (secretKeyRef)`));
    if (arg.includes("--insecure-cluster"))
      problems.push(at(`'--insecure-cluster' would run Akka remoting as plain, unauthenticated TCP: cluster nodes must use TLS`));
    if (looksLikeToken(arg)) problems.push(at(`an argument looks like a token or key: '${arg.slice(0, 12)}...'`));
  }
  for (const [name, e] of env) {
    if (name === "CROSSFOLD_API_TOKEN")
      problems.push(at(`CROSSFOLD_API_TOKEN (${e.from}) puts the token in the environment: use CROSSFOLD_API_TOKEN_FILE / --token-file with the mounted Secret`));
    if (name === "CROSSFOLD_TLS_PASSWORD" && e.valueFrom?.secretKeyRef === undefined)
      problems.push(at(`CROSSFOLD_TLS_PASSWORD (${e.from}) must come from a Secret (secretKeyRef), not a plain value`));
    if (name === "CROSSFOLD_INSECURE_CLUSTER" && !/^(false|0|)$/i.test(String(e.value ?? "")))
      problems.push(at(`CROSSFOLD_INSECURE_CLUSTER (${e.from}) would run Akka remoting as plain, unauthenticated TCP: cluster nodes must use TLS`));
    if (looksLikeToken(e.value)) problems.push(at(`env ${name} (${e.from}) holds what looks like a token or key`));
  }
  return problems;
}

// ---- cluster nodes: mutual TLS from the Secret ----
function isClusterNode(template) {
  return nodeComponents.includes(template.metadata?.labels?.["app.kubernetes.io/component"])
    || (template.spec?.containers ?? []).some(c => (c.ports ?? []).some(p => p.name === "akka"));
}

function remotingPortOf(template) {
  for (const c of template?.spec?.containers ?? []) for (const p of c.ports ?? []) if (p.name === "akka") return p.containerPort;
  return undefined;
}

function clusterTlsProblems(template, configMaps) {
  const spec = template.spec ?? {};
  const nodes = (spec.containers ?? []).filter(c => (c.ports ?? []).some(p => p.name === "akka"));
  if (nodes.length === 0) return ["a cluster node, but no container declares the containerPort named akka (Akka remoting)"];
  const problems = [];
  const volume = (spec.volumes ?? []).find(v => v.secret?.secretName === tls.secret);
  if (!volume) problems.push(`no volume mounts the Secret ${tls.secret}: Akka remoting needs the cluster's certificates (mutual TLS)`);
  else if (volume.secret.optional === true) problems.push(`volume ${volume.name}: the Secret ${tls.secret} must not be optional (the node would start without TLS)`);
  for (const c of nodes) {
    const at = text => `container ${c.name}: ${text}`;
    if (volume) {
      const mount = (c.volumeMounts ?? []).find(m => m.name === volume.name && m.mountPath === tls.mountPath && !m.subPath);
      if (!mount) problems.push(at(`does not mount volume ${volume.name} (Secret ${tls.secret}) at ${tls.mountPath}`));
      else if (mount.readOnly !== true) problems.push(at(`the mount of ${tls.secret} at ${tls.mountPath} must be readOnly`));
    }
    const env = effectiveEnv(c, configMaps);
    for (const [variable, file] of Object.entries(tls.files)) {
      const expected = `${tls.mountPath}/${file}`;
      const value = env.get(variable)?.value;
      if (value !== expected)
        problems.push(at(`${variable} must be ${expected} (from the Secret ${tls.secret}); it is ${value === undefined ? "not set, so the node would have no TLS" : `'${value}'`}`));
      if (volume?.secret.items && !volume.secret.items.some(i => i.key === file && i.path === file))
        problems.push(`volume ${volume.name}: items must map the Secret's key ${file} to ${file} (${variable} reads it)`);
    }
    const port = env.get("CROSSFOLD_PORT")?.value;
    const declared = (c.ports ?? []).find(p => p.name === "akka")?.containerPort;
    if (String(port) !== String(declared))
      problems.push(at(`CROSSFOLD_PORT is ${port ?? "not set"} but the containerPort named akka is ${declared}: the NetworkPolicies open the declared one`));
  }
  return [...new Set(problems)];
}

// ---- NetworkPolicy ----
function policyTypes(policy) {
  const types = policy.spec?.policyTypes;
  if (types) return types;
  return policy.spec?.egress ? ["Ingress", "Egress"] : ["Ingress"];
}

function ipInCidr(ip, cidr) {
  const [base, bits] = cidr.split("/");
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(base) || !/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return false;
  const toInt = a => a.split(".").reduce((n, part) => n * 256 + Number(part), 0);
  const size = 2 ** (32 - Number(bits ?? 32));
  return Math.floor(toInt(ip) / size) === Math.floor(toInt(base) / size);
}

// An endpoint is a pod ({ namespace, namespaceLabels, labels, ports }) or an address outside ({ ip }).
function peerMatches(peer, policyNamespace, endpoint) {
  if (peer.ipBlock) {
    return endpoint.ip !== undefined && ipInCidr(endpoint.ip, peer.ipBlock.cidr)
      && !(peer.ipBlock.except ?? []).some(c => ipInCidr(endpoint.ip, c));
  }
  if (endpoint.ip !== undefined) return false;
  const namespaceOk = peer.namespaceSelector ? matches(peer.namespaceSelector, endpoint.namespaceLabels) : endpoint.namespace === policyNamespace;
  return namespaceOk && matches(peer.podSelector, endpoint.labels);
}

function portMatches(rulePorts, port, protocol, target) {
  if (!rulePorts || rulePorts.length === 0) return true;
  return rulePorts.some(p => {
    if ((p.protocol ?? "TCP") !== protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === "string" && !/^\d+$/.test(p.port))
      return (target.ports ?? []).some(cp => cp.name === p.port && cp.containerPort === port && (cp.protocol ?? "TCP") === protocol);
    const first = Number(p.port);
    return port === first || (p.endPort !== undefined && port >= first && port <= p.endPort);
  });
}

// Whether one side (egress of `from`, or ingress of `to`) lets the connection through: a pod no policy
// isolates in that direction allows everything; an isolated one only what some rule of its policies allows.
function sideAllows(policies, direction, self, other, port, protocol, target) {
  const selecting = policies.filter(p => p.metadata?.namespace === self.namespace && matches(p.spec?.podSelector ?? {}, self.labels)
    && policyTypes(p).includes(direction));
  if (selecting.length === 0) return true;
  const rulesKey = direction === "Ingress" ? "ingress" : "egress";
  const peersKey = direction === "Ingress" ? "from" : "to";
  return selecting.some(p => (p.spec?.[rulesKey] ?? []).some(rule =>
    (!rule[peersKey] || rule[peersKey].length === 0 || rule[peersKey].some(peer => peerMatches(peer, p.metadata?.namespace, other)))
    && portMatches(rule.ports, port, protocol, target)));
}

function networkPolicyProblems(objects) {
  const policies = objects.filter(o => o.kind === "NetworkPolicy");
  const workloads = objects.filter(o => podTemplateOf(o));
  const problems = [];
  const namespaceLabels = ns => ({
    "kubernetes.io/metadata.name": ns,
    ...(objects.find(o => o.kind === "Namespace" && o.metadata?.name === ns)?.metadata?.labels ?? {}),
  });
  const podOf = object => {
    const template = podTemplateOf(object);
    const namespace = object.metadata?.namespace ?? "default";
    return { namespace, namespaceLabels: namespaceLabels(namespace), labels: template.metadata?.labels ?? {},
      ports: (template.spec?.containers ?? []).flatMap(c => c.ports ?? []) };
  };

  for (const w of workloads) {
    const pod = podOf(w);
    for (const direction of ["Ingress", "Egress"])
      if (!policies.some(p => p.metadata?.namespace === pod.namespace && matches(p.spec?.podSelector ?? {}, pod.labels) && policyTypes(p).includes(direction)))
        problems.push(`${w.kind}/${w.metadata?.name}: no NetworkPolicy selects its pods for ${direction} (${direction === "Ingress" ? "anything could connect to them" : "they could connect anywhere"})`);
  }
  for (const p of policies)
    if (!workloads.some(w => { const pod = podOf(w); return pod.namespace === p.metadata?.namespace && matches(p.spec?.podSelector ?? {}, pod.labels); }))
      problems.push(`NetworkPolicy/${p.metadata?.name}: spec.podSelector selects no pod in this rendering`);
  if (policies.length === 0 || workloads.length === 0) return problems;

  // The paths that matter, between the pods of this rendering and stand-ins for the others. Each side is
  // judged only when its pod is in this rendering, since the policies that govern it are there too.
  const namespace = workloads[0].metadata?.namespace ?? "default";
  const byComponent = component => workloads.find(w => podTemplateOf(w).metadata?.labels?.["app.kubernetes.io/component"] === component);
  const endpoint = component => {
    const w = byComponent(component);
    if (w) return { ...podOf(w), present: true };
    const labels = component === "other" ? { run: "debug" } : { "app.kubernetes.io/name": "crossfold", "app.kubernetes.io/component": component };
    const ports = component === "coordinator" ? [{ name: "akka", containerPort: defaultRemotingPort }, { name: "http", containerPort: apiPort }]
      : component === "worker" ? [{ name: "akka", containerPort: defaultRemotingPort }] : [];
    return { namespace, namespaceLabels: namespaceLabels(namespace), labels, ports, present: false };
  };
  const outside = { ip: outsideAddress, present: false };
  // CoreDNS as most clusters run it; DNS may go there or to any address (NodeLocal DNSCache and others).
  const dns = { namespace: "kube-system", namespaceLabels: { "kubernetes.io/metadata.name": "kube-system" },
    labels: { "k8s-app": "kube-dns" }, ports: [{ name: "dns", containerPort: 53, protocol: "UDP" }, { name: "dns-tcp", containerPort: 53 }], present: false };
  const ends = { coordinator: endpoint("coordinator"), worker: endpoint("worker"), submit: endpoint("submit"), other: endpoint("other"), outside, dns };
  const akka = e => remotingPortOf({ spec: { containers: [{ ports: e.ports }] } }) ?? defaultRemotingPort;
  const expectations = [
    // from, to, port, protocol, allowed, what
    ["worker", "coordinator", akka(ends.coordinator), "TCP", true, "Akka remoting, worker to coordinator"],
    ["coordinator", "worker", akka(ends.worker), "TCP", true, "Akka remoting, coordinator to worker"],
    ["worker", "worker", akka(ends.worker), "TCP", true, "Akka remoting between workers (cluster gossip and heartbeats)"],
    ["worker", "coordinator", apiPort, "TCP", true, "dataset downloads from the coordinator's HTTP API"],
    ["submit", "coordinator", apiPort, "TCP", true, "the HTTP API from the submit Job"],
    ["other", "coordinator", apiPort, "TCP", true, "the HTTP API from any pod in the namespace"],
    ...["coordinator", "worker", "submit"].flatMap(c => [
      [c, "outside|dns", 53, "UDP", true, "DNS"], [c, "outside|dns", 53, "TCP", true, "DNS over TCP"],
      [c, "outside", 443, "TCP", false, "a connection out of the cluster"]]),
    ["other", "worker", akka(ends.worker), "TCP", false, "Akka remoting from a pod that is not a cluster node"],
    ["other", "coordinator", akka(ends.coordinator), "TCP", false, "Akka remoting from a pod that is not a cluster node"],
    ["submit", "worker", akka(ends.worker), "TCP", false, "Akka remoting from the submit Job"],
    ["outside", "worker", akka(ends.worker), "TCP", false, "Akka remoting from outside the cluster"],
    ["outside", "coordinator", akka(ends.coordinator), "TCP", false, "Akka remoting from outside the cluster"],
    ["coordinator", "worker", 8080, "TCP", false, "a worker port other than remoting"],
    ["worker", "coordinator", 8080, "TCP", false, "a coordinator port other than remoting and the API"],
  ];
  // "a|b" as the destination: open when either is reachable.
  for (const [fromName, toNames, port, protocol, allowed, what] of expectations) {
    const from = ends[fromName];
    const sides = toNames.split("|").map(toName => {
      const to = ends[toName];
      return {
        judged: from.present || to.present,
        egress: !from.present || sideAllows(policies, "Egress", from, to, port, protocol, to),
        ingress: !to.present || sideAllows(policies, "Ingress", to, from, port, protocol, to),
      };
    }).filter(side => side.judged);
    if (sides.length === 0) continue;
    const open = sides.some(side => side.egress && side.ingress);
    const toName = toNames.replace("|", " or ");
    if (open && !allowed)
      problems.push(`NetworkPolicy: ${fromName} -> ${toName} on ${protocol} ${port} (${what}) is open; it must be blocked`);
    if (!open && allowed)
      problems.push(`NetworkPolicy: ${fromName} -> ${toName} on ${protocol} ${port} (${what}) is blocked by ${sides[0].egress ? `${toName}'s ingress` : `${fromName}'s egress`} rules; it must be open`);
  }
  return problems;
}

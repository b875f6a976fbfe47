#!/usr/bin/env bash
# Proves that k8s/validate.sh fails on broken manifests: the real manifests must pass, and each of a set of
# temporary copies of k8s/, every one broken in one known way, must fail with the expected message.
# Usage: k8s/validate-selftest.sh     Exit status: 0 when every case behaved, 1 otherwise.
set -euo pipefail

k8s="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $1"; }
bad() { failed=$((failed + 1)); echo "FAIL $1"; [ -n "${2:-}" ] && sed 's/^/       /' "$2"; return 0; }

# The real manifests are valid (this also installs the validator if needed).
if "$k8s/validate.sh" > "$work/real.out" 2>&1; then ok "the manifests in k8s/ pass"; else bad "the manifests in k8s/ should pass" "$work/real.out"; fi

# case NAME FILE SED-EXPRESSION EXPECTED-TEXT: copy k8s/, apply the edit to FILE, expect exit 1 and the text.
case_() {
  local name="$1" file="$2" edit="$3" expected="$4" copy="$work/$1"
  mkdir -p "$copy"
  tar -C "$k8s" --exclude=node_modules -cf - . | tar -C "$copy" -xf -
  sed -i "$edit" "$copy/$file"
  if cmp -s "$k8s/$file" "$copy/$file"; then bad "$name: the edit did not change $file"; return; fi
  local rc=0
  "$k8s/validate.sh" "$copy" > "$copy.out" 2>&1 || rc=$?
  if [ "$rc" -ne 1 ]; then bad "$name: expected exit 1, got $rc" "$copy.out"
  elif ! grep -qF -- "$expected" "$copy.out"; then bad "$name: expected '$expected' in the output" "$copy.out"
  else ok "$name is rejected"; fi
}

case_ "a misspelt field"          base/worker.yaml      's/livenessProbe:/livenessprobe:/'                     "livenessprobe: unknown field"
case_ "a string for an integer"   base/worker.yaml      's/replicas: 2/replicas: two/'                         "spec.replicas: must be integer"
case_ "a bad quantity"            base/coordinator.yaml 's/storage: 5Gi/storage: five gigabytes/'              'must match format "quantity"'
case_ "a value outside its enum"  base/worker.yaml      's/type: RollingUpdate/type: Rolling/'                  "spec.strategy.type: must be equal to one of the allowed values"
case_ "a missing required field"  base/worker.yaml      's/- name: worker/- stdin: false/'                     "containers[0]: must have required property name"
case_ "an unknown kind"           base/namespace.yaml   's/kind: Namespace/kind: Namespaces/'                  "kind 'Namespaces' is not a Kubernetes API type"
case_ "a selector off its pods"   base/coordinator.yaml '0,/app.kubernetes.io\/component: coordinator/!{/template:/,/component: coordinator/s/component: coordinator/component: coordinatr/}' "spec.selector does not match spec.template.metadata.labels"
case_ "a ConfigMap that is not there" base/worker.yaml  's/name: crossfold-worker-config/name: crossfold-worker-conf/' "envFrom ConfigMap 'crossfold-worker-conf' is not in this rendering"
case_ "a probe on an unnamed port" base/coordinator.yaml '/path: \/readyz/{n;s/port: http/port: htttp/}' "readinessProbe uses port 'htttp'"
case_ "an overlay that cannot render" overlays/gpu/kustomization.yaml 's/- path: gpu-worker.yaml/- path: no-such-patch.yaml/' "overlays/gpu: kustomize could not render it"
case_ "invalid YAML"              submit/submit-job.yaml 's/backoffLimit: 8/backoffLimit: [8/'                  "submit: kustomize could not render it"


# Security rules (k8s/validate/security.mjs): each broken copy must be caught.
case_ "a worker without CROSSFOLD_TLS_CA"   base/worker.yaml      '/- name: CROSSFOLD_TLS_CA/,+1d'                "container worker: CROSSFOLD_TLS_CA must be /etc/crossfold/tls/ca.crt"
case_ "the TLS Secret mounted elsewhere"    base/coordinator.yaml 's|mountPath: /etc/crossfold/tls|mountPath: /etc/crossfold/certs|' "does not mount volume cluster-tls (Secret crossfold-cluster-tls) at /etc/crossfold/tls"
case_ "a node with --insecure-cluster"      base/coordinator.yaml 's/args: \["serve"\]/args: ["serve", "--insecure-cluster"]/' "'--insecure-cluster' would run Akka remoting as plain"
case_ "CROSSFOLD_INSECURE_CLUSTER=true"     base/kustomization.yaml 's|- CROSSFOLD_HEALTH_FILE=/tmp/crossfold/health|&\n      - CROSSFOLD_INSECURE_CLUSTER=true|' "CROSSFOLD_INSECURE_CLUSTER (ConfigMap"
case_ "a worker's random remoting port"     base/kustomization.yaml '/name: crossfold-worker-config/,/^images:/s/CROSSFOLD_PORT=4053/CROSSFOLD_PORT=0/' "CROSSFOLD_PORT is 0 but the containerPort named akka is 4053"
case_ "a privileged container"              base/worker.yaml      '/allowPrivilegeEscalation: false/a\            privileged: true' "container worker: securityContext.privileged must not be true"
case_ "a pod allowed to run as root"        base/coordinator.yaml 's/runAsNonRoot: true/runAsNonRoot: false/'      "container coordinator: runAsNonRoot must be true"
case_ "a writable root in the GPU overlay"  overlays/gpu/gpu-worker.yaml 's/^\(        - name: worker\)$/\1\n          securityContext:\n            readOnlyRootFilesystem: false/' "container worker: securityContext.readOnlyRootFilesystem must be true"
case_ "a namespace not enforcing restricted" base/namespace.yaml  's/enforce: restricted/enforce: baseline/'        'label pod-security.kubernetes.io/enforce must be "restricted"'
case_ "a Secret the process cannot read"    base/worker.yaml      '/fsGroup: 1654/d'                               "Secret crossfold-cluster-tls's files (mode 0440, owned by root, no fsGroup) are unreadable by UID 1654"
case_ "the token on the command line"       submit/submit-job.yaml 's/- --token-file/- --token/'                    "'--token' on the command line"
case_ "the token in a ConfigMap"            base/kustomization.yaml 's|- CROSSFOLD_API_TOKEN_FILE=/var/run/secrets/crossfold/token|- CROSSFOLD_API_TOKEN=0123456789abcdef0123456789abcdef|' "data.CROSSFOLD_API_TOKEN: a secret in a ConfigMap"
case_ "no NetworkPolicy"                    base/kustomization.yaml '/- network-policy.yaml/d'                     "StatefulSet/crossfold-coordinator: no NetworkPolicy selects its pods for Ingress"
case_ "a NetworkPolicy selecting no pod"    base/network-policy.yaml '0,/component: coordinator$/s//component: coordinatr/' "NetworkPolicy/crossfold-api-in-namespace: spec.podSelector selects no pod"
case_ "remoting on the wrong port"          base/network-policy.yaml 's/port: 4053/port: 4054/'                   "worker -> coordinator on TCP 4053 (Akka remoting, worker to coordinator) is blocked"
case_ "the API policy opening every port"   base/network-policy.yaml '/name: crossfold-api-exposed/,$ {/port: 5080/d}' "outside -> coordinator on TCP 4053 (Akka remoting from outside the cluster) is open"
case_ "a worker without the API token"      base/kustomization.yaml '/name: crossfold-worker-config/,/^images:/{/CROSSFOLD_API_TOKEN_FILE/d}' "container worker: CROSSFOLD_API_TOKEN_FILE is not set"
case_ "the worker's token file unmounted"   base/worker.yaml      '/- name: api-token$/{n;s|mountPath: /var/run/secrets/crossfold|mountPath: /var/run/secrets/other|}' "CROSSFOLD_API_TOKEN_FILE /var/run/secrets/crossfold/token is not in a mount of the Secret crossfold-api-token"
case_ "workers cut off from dataset downloads" base/network-policy.yaml '/name: crossfold-worker-datasets/,/^---/s/port: 5080/port: 5081/' "worker -> coordinator on TCP 5080 (dataset downloads from the coordinator's HTTP API) is blocked"
case_ "a broken dashboard JSON"             grafana/crossfold-dashboard.json '0,/"panels": \[/s//"panels": [[/' "grafana/crossfold-dashboard.json: not valid JSON"
case_ "a metric the coordinator lacks"      grafana/crossfold-dashboard.json 's/crossfold_training_images_total/crossfold_training_samples_total/' "uses crossfold_training_samples_total, which the coordinator does not export"
case_ "a misspelt NetworkPolicy field"      base/network-policy.yaml '0,/policyTypes:/s//policytypes:/'           "policytypes: unknown field"

echo "validate-selftest: $passed ok, $failed wrong"
[ "$failed" -eq 0 ]

#!/usr/bin/env bash
# Validates Crossfold's Kubernetes manifests, offline:
#   1. renders every kustomization under k8s/ (base, overlays/*, submit) with kubectl's built-in kustomize;
#   2. checks every rendered object against the Kubernetes API's OpenAPI schemas, compiled into validators
#      by the npm package kubernetes-models (pinned in k8s/validate/package-lock.json), with unknown fields
#      as errors, plus selector, port-name and ConfigMap-reference checks (see k8s/validate/validate.mjs);
#   3. checks Crossfold's security rules (k8s/validate/security.mjs): Pod Security "restricted" for every pod,
#      mutual TLS from the crossfold-cluster-tls Secret on coordinator and workers, no token, password or
#      --insecure-cluster on a command line or in a plain value, and NetworkPolicies that cover every pod,
#      open the paths the cluster needs and close the others.
#   4. checks the Grafana dashboard k8s/grafana/*.json (k8s/validate/dashboard.mjs): valid JSON, well-formed
#      panels, and only crossfold_ metrics that Coordinator/Service/Metrics/CoordinatorMetrics.cs registers.
# Nothing is fetched from the internet at run time; `npm ci` installs the validator from the npm registry
# the first time (and whenever package-lock.json changes), into k8s/validate/node_modules.
#
# Usage: k8s/validate.sh [DIR]    DIR: the k8s directory to check (default: the one holding this script),
#                                 e.g. a copy with a deliberately broken manifest.
# Exit status: 0 when every kustomization renders and every object is valid, 1 otherwise.
# Needs: kubectl with kustomize v5 (kubectl 1.27 or later), Node.js 20 or later with npm.
set -euo pipefail

tool_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
k8s_dir="$(cd "${1:-$tool_dir}" && pwd)"
validator="$tool_dir/validate"

fail() { echo "k8s/validate.sh: $*" >&2; exit 1; }

# ---- tools ----
command -v node >/dev/null || fail "node (Node.js 20 or later) is needed: apt-get install nodejs npm"
command -v npm >/dev/null || fail "npm is needed: apt-get install npm"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] || fail "Node.js $(node --version) is too old: 20 or later is needed"
command -v kubectl >/dev/null || fail "kubectl is needed to render the kustomizations (kubectl 1.27 or later, which has kustomize v5)"
kustomize_version="$(kubectl version --client -o json 2>/dev/null | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{console.log(JSON.parse(s).kustomizeVersion||"")}catch{console.log("")}})')"
case "$kustomize_version" in
  v[5-9]*|v[1-9][0-9]*) ;;
  *) fail "kubectl's kustomize is '${kustomize_version:-unknown}'; v5 or later is needed (kubectl 1.27 or later)" ;;
esac
kubectl_version="$(kubectl version --client -o json 2>/dev/null | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).clientVersion.gitVersion))')"

# ---- the validator (idempotent: reinstalled only when package-lock.json changed) ----
lock_sum="$(sha256sum "$validator/package-lock.json" | cut -d' ' -f1)"
stamp="$validator/node_modules/.crossfold-lock-sha256"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_sum" ]; then
  echo "k8s/validate.sh: installing the validator (npm ci in k8s/validate)"
  (cd "$validator" && npm ci --no-audit --no-fund --ignore-scripts --engine-strict=false --loglevel=error) \
    || fail "npm ci in $validator failed"
  echo "$lock_sum" > "$stamp"
fi
models_version="$(node -p 'require(process.argv[1]).version' "$validator/node_modules/kubernetes-models/package.json")"

# ---- render ----
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mapfile -t kustomizations < <(find "$k8s_dir" -name node_modules -prune -o -name kustomization.yaml -printf '%h\n' | sort)
[ "${#kustomizations[@]}" -gt 0 ] || fail "no kustomization.yaml under $k8s_dir"

echo "k8s/validate.sh: kubectl $kubectl_version (kustomize $kustomize_version), kubernetes-models $models_version, Node.js $(node --version)"
render_errors=0
inputs=()
for dir in "${kustomizations[@]}"; do
  label="${dir#"$k8s_dir"/}"
  [ "$dir" = "$k8s_dir" ] && label="."
  out="$work/$(echo "$label" | tr '/.' '__').yaml"
  if kubectl kustomize "$dir" > "$out" 2> "$out.err"; then
    inputs+=("$label=$out")
  else
    render_errors=$((render_errors + 1))
    echo "FAIL $label: kustomize could not render it"
    sed 's/^/       /' "$out.err"
  fi
done

# ---- validate ----
status=0
if [ "${#inputs[@]}" -gt 0 ]; then
  node "$validator/validate.mjs" "${inputs[@]}" || status=1
fi
# The Grafana dashboard: valid JSON whose queries name only metrics the coordinator exports.
node "$validator/dashboard.mjs" "$k8s_dir/grafana" "$tool_dir/../Coordinator/Service/Metrics/CoordinatorMetrics.cs" || status=1
if [ "$render_errors" -gt 0 ]; then
  echo "FAIL $render_errors kustomization(s) did not render"
  status=1
fi
if [ "$status" -eq 0 ]; then
  echo "k8s/validate.sh: all ${#kustomizations[@]} kustomizations valid"
else
  echo "k8s/validate.sh: FAILED"
fi
exit "$status"

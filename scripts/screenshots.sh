#!/usr/bin/env bash
# Remakes the screenshots in docs/screenshots: the live sweep page (/sweeps/ID) and the HTML report's
# main table, robustness and cross-noise sections, plots and error gallery, from a small real sweep with a noise
# axis and cross-noise evaluation on the embedded digits.
# It builds Release, starts a coordinator and a worker on loopback (ports 4153 and 5180, data in a
# temporary directory), submits the sweep, waits for it, and photographs with Debian's headless Chromium.
# Usage: scripts/screenshots.sh [OUT_DIR]   (default docs/screenshots; a few minutes on 2 cores)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$(realpath -m "${1:-$root/docs/screenshots}")"
chromium="$(command -v chromium || command -v chromium-browser || true)"
[ -n "$chromium" ] || { echo "screenshots: Chromium is needed (apt-get install chromium)" >&2; exit 1; }
work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

echo "screenshots: building (Release)"
dotnet build "$root/Cluster.sln" -c Release -nologo -clp:ErrorsOnly >/dev/null
crossfold=(dotnet "$root/Coordinator/Cli/bin/Release/net10.0/crossfold.dll")
worker=(dotnet "$root/Worker/Node/bin/Release/net10.0/crossfold-worker.dll")
http=http://127.0.0.1:5180

"${crossfold[@]}" serve --data "$work/data" --port 4153 --http "$http" >"$work/serve.log" 2>&1 & pids+=($!)
"${worker[@]}" --coordinator 127.0.0.1:4153 --port 0 --devices cpu --slots 2 >"$work/worker.log" 2>&1 & pids+=($!)
for _ in $(seq 60); do curl -fs "$http/readyz" >/dev/null 2>&1 && break; sleep 1; done

cat >"$work/noise-study.yaml" <<'YAML'
name: noise-robustness
seed: 5
dataset: {source: mnist-t10k, limit: 1500}
noise:
  - none
  - {kind: gaussian, sigma: [0.4, 0.8]}
evaluate:
  noise:
    - none
    - {kind: gaussian, sigma: [0.4, 0.8]}
folds: 3
architectures: [seed-cnn-2, seed-mlp-1]
training: {epochs: 3}
YAML
id="$("${crossfold[@]}" submit "$work/noise-study.yaml" --coordinator "$http")"
echo "screenshots: sweep $id submitted; waiting for it"
"${crossfold[@]}" watch "$id" --plain --coordinator "$http" >/dev/null
"${crossfold[@]}" report "$id" --out "$work/report" --coordinator "$http" >/dev/null

mkdir -p "$out"
shoot() { "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --virtual-time-budget=8000 \
  --allow-file-access-from-files --window-size="$2" --screenshot="$out/$1" "$3" >/dev/null 2>&1; echo "screenshots: $out/$1"; }
shoot sweep-page.png 1280,1900 "$http/sweeps/$id"
shoot report.png 1280,3400 "file://$work/report/report.html"
# A section: the report in a frame of the window's size, scrolled to the section's anchor.
section() { printf '<body style="margin:0"><iframe src="report.html#%s" style="border:0;width:100%%;height:100vh"></iframe></body>' "$1" >"$work/report/$1.html"; }
section cross-noise && shoot report-cross-noise.png 1280,1100 "file://$work/report/cross-noise.html"
section error-gallery && shoot report-error-gallery.png 1280,1300 "file://$work/report/error-gallery.html"

#!/usr/bin/env bash
# Cluster benchmarks, on this machine, with the Release build:
#   1. the coordinator's own overhead: 4 worker nodes x 16 slots over loopback TCP, 10,000 jobs that only
#      wait 1 s, then 50 ms, then 0 ms (crossfold-bench coordinator);
#   2. a real training sweep with one worker process and with two, as separate `crossfold serve` and
#      `crossfold-worker` processes.
# Usage: bench/cluster.sh [--quick]   (--quick: 2,000 jobs instead of 10,000, for a first look)
#        BENCH_JOB_MS="50 0" bench/cluster.sh   (only some job lengths; BENCH_TRAINING=0 skips the training runs)
# Results: bench/out/cluster-*.json and a summary on stdout. Takes about 5 minutes (3 with --quick).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
out=bench/out
mkdir -p "$out"
jobs=10000
[ "${1:-}" = "--quick" ] && jobs=2000

dotnet build Cluster.sln -c Release -v quiet -nologo >/dev/null
bench="dotnet bench/bin/Release/net10.0/crossfold-bench.dll"
crossfold="dotnet Coordinator/Cli/bin/Release/net10.0/crossfold.dll"
worker="dotnet Worker/Node/bin/Release/net10.0/crossfold-worker.dll"

echo "== coordinator overhead: 4 nodes x 16 slots, $jobs jobs"
for ms in ${BENCH_JOB_MS:-1000 50 0}; do
  $bench coordinator --nodes 4 --slots 16 --jobs "$jobs" --job-ms "$ms" --out "$out/cluster-coordinator-${ms}ms.json" >/dev/null 2>&1
  python3 - "$out/cluster-coordinator-${ms}ms.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print("  %5d ms jobs: %8.1f jobs/s, idle->start median %.2f ms, p99 %.2f ms, utilisation %.2f %% (wall %.1f s, ideal %.1f s)" % (
    r["job_ms"], r["jobs_per_second"], r["idle_to_start_ms_median"], r["idle_to_start_ms_p99"], r["utilisation"] * 100,
    r["wall_seconds"], r["ideal_wall_seconds"]))
PY
done
[ "${BENCH_TRAINING:-1}" = "0" ] && exit 0

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
sweep="$(mktemp -d)/training.yaml"
cat > "$sweep" <<'YAML'
name: cluster-bench
seed: 42
dataset: {source: mnist-t10k, limit: 3000}
noise: {kind: gaussian, sigma: 0.5}
folds: 5
architectures: [seed-mlp-4, seed-cnn-2, seed-cnn-5]
training: {epochs: 2}
YAML

# run_training NAME WORKER-ARGS...: a coordinator and the given workers ("|" separates worker processes).
run_training() {
  local name="$1"; shift
  local http akka data pids=()
  http="$(free_port)"; akka="$(free_port)"; data="$(mktemp -d)"
  $crossfold serve --hostname 127.0.0.1 --port "$akka" --http "http://127.0.0.1:$http" --data "$data" >"$data/coordinator.log" 2>&1 &
  pids+=($!)
  local args=() slots=0
  for a in "$@" "|"; do
    if [ "$a" = "|" ]; then
      $worker --coordinator "127.0.0.1:$akka" --hostname 127.0.0.1 --devices cpu "${args[@]}" >>"$data/workers.log" 2>&1 &
      pids+=($!); args=()
    else args+=("$a"); fi
  done
  local expected
  expected="$(echo "$@" | grep -o -- '--slots [0-9]*' | awk '{s+=$2} END {print s}')"
  for _ in $(seq 1 120); do
    n="$(curl -sf "http://127.0.0.1:$http/api/cluster" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["slots"]))' 2>/dev/null || echo 0)"
    [ "$n" = "$expected" ] && break; sleep 0.5
  done
  local id
  id="$(curl -sf -X POST -H 'Content-Type: application/yaml' --data-binary @"$sweep" "http://127.0.0.1:$http/api/sweeps?name=training.yaml" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
  while [ "$(curl -sf "http://127.0.0.1:$http/api/sweeps/$id" | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])')" = "running" ]; do sleep 1; done
  curl -sf "http://127.0.0.1:$http/api/sweeps/$id/report?format=json" | python3 -c '
import json, sys
r = json.load(sys.stdin); name = sys.argv[1]
folds = [f for t in r["trials"] for f in t["folds"]]
wall = r["provenance"]["wallSeconds"]
busy = sum(f["seconds"] for f in folds)
out = {"configuration": name, "wall_seconds": round(wall, 1), "fold_seconds": round(busy, 1), "folds": len(folds),
       "mean_accuracy": {t["label"]: round(t["accuracy"]["mean"], 4) for t in r["trials"]}}
json.dump(out, open(sys.argv[2], "w"), indent=2)
print(f"  {name:<44} {wall:7.1f} s wall, {busy:7.1f} s of fold training")
' "$name" "$out/cluster-training-$(echo "$name" | tr ' ,x' '___').json"
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$data"
}

echo "== real training: 15 folds (MLP-4, LeNet-5, CNN-5 on 3,000 noisy digits, 2 epochs)"
run_training "1 process, 1 slot x 1 thread" --slots 1 --threads 1
run_training "1 process, 1 slot x 2 threads" --slots 1 --threads 2
run_training "1 process, 2 slots x 1 thread" --slots 2 --threads 1
run_training "2 processes, 1 slot x 1 thread each" --slots 1 --threads 1 "|" --slots 1 --threads 1

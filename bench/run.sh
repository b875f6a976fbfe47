#!/usr/bin/env bash
# Training throughput, FP32 peak, memory and PyTorch side by side, on this machine's CPU.
#
#   bench/run.sh [MNIST_DIR]        (MNIST_DIR: the four MNIST IDX files, default ../shared/datasets/mnist)
#
# Every measurement runs in its own process (so its peak RSS is its own) and only on a quiet machine:
# before each one the script waits until other processes use less than BENCH_QUIET_CORES cores
# (default 0.25), for at most BENCH_WAIT_SECONDS (default 900) seconds; a measurement during which others
# used more is repeated (up to BENCH_ATTEMPTS times, default 3) and, if still disturbed, marked in the
# report. Results: bench/out/results.{md,json}, and one JSON file per measurement beside them.
set -euo pipefail
if [ $# -ge 1 ]; then MNIST="$(cd "$1" && pwd)"; fi   # resolved before leaving the caller's directory
cd "$(dirname "$0")/.."
MNIST="${MNIST:-../shared/datasets/mnist}"
OUT=bench/out
QUIET_CORES="${BENCH_QUIET_CORES:-0.25}"
WAIT_SECONDS="${BENCH_WAIT_SECONDS:-900}"
ATTEMPTS="${BENCH_ATTEMPTS:-3}"
PYTHON=/usr/bin/python3   # Debian's interpreter: python3-torch lives in its dist-packages
BENCH=(dotnet bench/bin/Release/net10.0/crossfold-bench.dll)

# Cores kept busy by everything on the machine over the next 3 seconds (nothing of ours runs meanwhile).
busy_cores() {
  local a b
  read -r -a a < /proc/stat; sleep 3; read -r -a b < /proc/stat
  awk -v cores="$(nproc)" -v a="${a[*]:1:8}" -v b="${b[*]:1:8}" 'BEGIN {
    split(a, x, " "); split(b, y, " "); busy = 0; idle = 0
    for (i = 1; i <= 8; i++) { d = y[i] - x[i]; if (i == 4 || i == 5) idle += d; else busy += d }
    printf "%.2f", (busy + idle > 0) ? busy / (busy + idle) * cores : 0 }'
}

below() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }

wait_for_quiet() {
  local waited=0 busy
  while true; do
    busy=$(busy_cores)
    if below "$busy" "$QUIET_CORES"; then return; fi
    if (( waited >= WAIT_SECONDS )); then
      echo "  machine still busy ($busy cores) after ${WAIT_SECONDS}s; measuring anyway" >&2; return
    fi
    echo "  waiting: other processes keep $busy cores busy" >&2
    sleep 20; waited=$((waited + 23))
  done
}

# measure OUT_JSON ALLOWED_OTHERS COMMAND...: runs COMMAND (which writes OUT_JSON) on a quiet machine,
# again while the others_cores it recorded exceeds ALLOWED_OTHERS.
measure() {
  local json="$1" allowed="$2" attempt others; shift 2
  for (( attempt = 1; attempt <= ATTEMPTS; attempt++ )); do
    wait_for_quiet
    "$@" > /dev/null
    others=$( (grep -o '"others_cores": [0-9.eE+-]*' "$json" || echo "x 0") | awk '{ print $2 }')
    if below "$others" "$allowed"; then return; fi
    echo "  $(basename "$json"): others used $others cores meanwhile; measuring again" >&2
  done
}

ensure_pytorch() {
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  if ! "$PYTHON" -c 'import torch' 2>/dev/null; then
    echo "installing Debian's python3-torch" >&2
    $sudo apt-get install -y python3-torch
  fi
  # python3-torch only recommends an optimised BLAS; with the reference BLAS PyTorch's Dense layers would
  # look absurdly slow. libopenblas0 is the recommendation apt installs by default.
  if [ "$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3)" = /usr/lib/x86_64-linux-gnu/blas/libblas.so.3 ]; then
    echo "installing libopenblas0 (python3-torch's recommended BLAS)" >&2
    $sudo apt-get install -y libopenblas0
  fi
}

[ -f "$MNIST/train-images-idx3-ubyte.gz" ] || [ -f "$MNIST/train-images-idx3-ubyte" ] \
  || { echo "no MNIST training images in $MNIST (give the directory as the first argument)" >&2; exit 2; }
ensure_pytorch
dotnet build bench/Bench.csproj -c Release -nologo -v quiet
mkdir -p "$OUT"
rm -f "$OUT"/*.json "$OUT"/results.md

echo "== noisy MNIST (t10k, gaussian sigma 0.5) for both engines" >&2
"${BENCH[@]}" export --images 9000 --dir "$OUT/data" > /dev/null

echo "== FP32 peaks: fused multiply-adds in registers, torch.mm 4096x4096 (and bfloat16)" >&2
for threads in 1 2; do
  measure "$OUT/fma-t$threads.json" "$QUIET_CORES" "${BENCH[@]}" fma --threads "$threads" --seconds 3 --out "$OUT/fma-t$threads.json"
  for dtype in float32 bfloat16; do
    measure "$OUT/matmul-$dtype-t$threads.json" "$QUIET_CORES" \
      "${BENCH[@]}" matmul --threads "$threads" --dtype "$dtype" --size 4096 --repetitions 5 --out "$OUT/matmul-$dtype-t$threads.json"
  done
done

echo "== training throughput, batch 100, Adam" >&2
for config in "seed-cnn-5 float32 3" "seed-cnn-5 bfloat16 3" "seed-mlp-4 float32 8"; do
  read -r model precision epochs <<< "$config"   # the MLP's epochs last well under a second: more of them
  for threads in 1 2; do
    name="$model-$precision-t$threads"
    measure "$OUT/crossfold-$name.json" "$QUIET_CORES" "${BENCH[@]}" throughput --model "$model" --precision "$precision" \
      --threads "$threads" --images 9000 --batch 100 --warmup 1 --epochs "$epochs" --out "$OUT/crossfold-$name.json"
    measure "$OUT/pytorch-$name.json" "$QUIET_CORES" "$PYTHON" bench/pytorch_bench.py --model "$model" --precision "$precision" \
      --threads "$threads" --data "$OUT/data" --batch 100 --warmup 1 --epochs "$epochs" --out "$OUT/pytorch-$name.json"
  done
done

echo "== two 1-thread folds side by side (a worker's two CPU slots), seed-cnn-5 float32" >&2
for (( attempt = 1; attempt <= ATTEMPTS; attempt++ )); do
  wait_for_quiet
  for slot in a b; do
    "${BENCH[@]}" throughput --model seed-cnn-5 --threads 1 --images 9000 --batch 100 --warmup 1 --epochs 3 \
      --out "$OUT/pair-seed-cnn-5-float32-$slot.json" > /dev/null &
  done
  wait
  # Each sees the other as one busy core; more than that is someone else.
  others=$(cat "$OUT"/pair-seed-cnn-5-float32-[ab].json | grep -o '"others_cores": [0-9.eE+-]*' | awk '{ print $2 }' | sort -g | tail -1)
  if below "$others" "$(awk -v q="$QUIET_CORES" 'BEGIN { print 1 + q }')"; then break; fi
  echo "  pair: others used $others cores meanwhile; measuring again" >&2
done

echo "== memory of one seed-cnn-5 fold on full MNIST (5 folds: 48,000 training images)" >&2
measure "$OUT/fold-seed-cnn-5.json" "$QUIET_CORES" \
  "${BENCH[@]}" fold --mnist "$MNIST" --model seed-cnn-5 --threads 1 --epochs 1 --out "$OUT/fold-seed-cnn-5.json"

"${BENCH[@]}" report --dir "$OUT" > /dev/null 2>&1
cat "$OUT/results.md"

#!/usr/bin/env bash
# Training throughput, FP32 peak, memory and PyTorch side by side, on this machine's CPU.
#
#   bench/run.sh [MNIST_DIR]        (MNIST_DIR: the four MNIST IDX files, default ../shared/datasets/mnist)
#
# Every measurement runs in its own process (so peak RSS is that measurement's) and only once the
# machine is quiet: before each one the script waits until other processes use less than
# BENCH_QUIET_CORES cores (default 0.25), at most BENCH_WAIT_SECONDS (default 900) seconds, then
# measures anyway and the report marks the number. Results: bench/out/results.{md,json} and one JSON
# per measurement.
set -euo pipefail
if [ $# -ge 1 ]; then MNIST="$(cd "$1" && pwd)"; fi   # resolved before leaving the caller's directory
cd "$(dirname "$0")/.."
MNIST="${MNIST:-../shared/datasets/mnist}"
OUT=bench/out
QUIET_CORES="${BENCH_QUIET_CORES:-0.25}"
WAIT_SECONDS="${BENCH_WAIT_SECONDS:-900}"
PYTHON=/usr/bin/python3   # Debian's interpreter: python3-torch lives in its dist-packages

# Cores kept busy by everything on the machine over the next 3 seconds (nothing of ours runs meanwhile).
busy_cores() {
  local a b
  a=($(head -1 /proc/stat)); sleep 3; b=($(head -1 /proc/stat))
  awk -v u1="${a[1]}" -v n1="${a[2]}" -v s1="${a[3]}" -v i1="${a[4]}" -v w1="${a[5]}" -v q1="${a[6]}" -v r1="${a[7]}" -v t1="${a[8]}" \
      -v u2="${b[1]}" -v n2="${b[2]}" -v s2="${b[3]}" -v i2="${b[4]}" -v w2="${b[5]}" -v q2="${b[6]}" -v r2="${b[7]}" -v t2="${b[8]}" \
      -v cores="$(nproc)" 'BEGIN {
        busy = (u2+n2+s2+q2+r2+t2) - (u1+n1+s1+q1+r1+t1); idle = (i2+w2) - (i1+w1);
        printf "%.2f", (busy + idle > 0) ? busy / (busy + idle) * cores : 0 }'
}

wait_for_quiet() {
  local waited=0 busy
  while true; do
    busy=$(busy_cores)
    if awk -v b="$busy" -v q="$QUIET_CORES" 'BEGIN { exit !(b < q) }'; then return; fi
    if (( waited >= WAIT_SECONDS )); then
      echo "  machine still busy ($busy cores) after ${WAIT_SECONDS}s; measuring anyway (the report marks it)" >&2; return
    fi
    echo "  waiting: other processes keep $busy cores busy" >&2
    sleep 20; waited=$((waited + 23))
  done
}

ensure_pytorch() {
  if ! "$PYTHON" -c 'import torch' 2>/dev/null; then
    echo "installing Debian's python3-torch" >&2
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get install -y python3-torch
  fi
  # python3-torch only recommends an optimised BLAS; without one, the reference BLAS would make PyTorch's
  # Dense layers look absurdly slow. libopenblas0 is the recommendation apt picks by default.
  if [ "$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3)" = /usr/lib/x86_64-linux-gnu/blas/libblas.so.3 ]; then
    echo "installing libopenblas0 (python3-torch's recommended BLAS)" >&2
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get install -y libopenblas0
  fi
}

[ -f "$MNIST/train-images-idx3-ubyte.gz" ] || [ -f "$MNIST/train-images-idx3-ubyte" ] \
  || { echo "no MNIST training images in $MNIST (give the directory as the first argument)" >&2; exit 2; }
ensure_pytorch
dotnet build bench/Bench.csproj -c Release -nologo -v quiet
BENCH=(dotnet bench/bin/Release/net10.0/crossfold-bench.dll)
mkdir -p "$OUT"
rm -f "$OUT"/*.json "$OUT"/results.md

echo "== noisy MNIST (t10k, gaussian sigma 0.5) for both engines" >&2
"${BENCH[@]}" export --images 9000 --dir "$OUT/data" > /dev/null

echo "== matrix peak: torch.mm 4096x4096" >&2
for threads in 1 2; do
  for dtype in float32 bfloat16; do
    wait_for_quiet
    "${BENCH[@]}" matmul --threads "$threads" --dtype "$dtype" --size 4096 --repetitions 5 --out "$OUT/matmul-$dtype-t$threads.json" > /dev/null
  done
done

echo "== training throughput, batch 100, Adam" >&2
for model in seed-cnn-5 seed-mlp-4; do
  epochs=3; [ "$model" = seed-mlp-4 ] && epochs=8   # the MLP's epochs last well under a second
  for threads in 1 2; do
    wait_for_quiet
    "${BENCH[@]}" throughput --model "$model" --threads "$threads" --images 9000 --batch 100 --warmup 1 --epochs "$epochs" \
      --out "$OUT/crossfold-$model-t$threads.json" > /dev/null
    wait_for_quiet
    "$PYTHON" bench/pytorch_bench.py --model "$model" --threads "$threads" --data "$OUT/data" --batch 100 --warmup 1 --epochs "$epochs" \
      --out "$OUT/pytorch-$model-t$threads.json" > /dev/null
  done
done

echo "== memory of one seed-cnn-5 fold on full MNIST (5 folds: 48,000 training images)" >&2
wait_for_quiet
"${BENCH[@]}" fold --mnist "$MNIST" --model seed-cnn-5 --threads 1 --epochs 1 --out "$OUT/fold-seed-cnn-5.json" > /dev/null

"${BENCH[@]}" report --dir "$OUT" > /dev/null 2>&1
cat "$OUT/results.md"

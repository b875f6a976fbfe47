#!/usr/bin/env bash
# What each training augmentation costs: training throughput of seed-cnn-5 and seed-mlp-4 (1 thread, batch 100,
# 4,000 noisy t10k images, median of 3 epochs after 1 warm-up) with no augmentation and with each kind on, through
# the real TrainingSession (crossfold-bench throughput --augment KIND).
#
#   bench/augment/run.sh            prints a Markdown table; JSON per run in bench/out/augment/
#
# Each run holds /tmp/crossfold-cpu.lock (the lock the team's builds and tests take), so none of ours runs meanwhile.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=bench/out/augment
mkdir -p "$OUT"
dotnet build bench -c Release -nologo -clp:ErrorsOnly >/dev/null
echo "| model | augment | images/s (median) | per epoch | others' cores |"
echo "|---|---|---:|---|---:|"
for model in seed-cnn-5 seed-mlp-4; do
  for augment in none shift cutout mixup affine elastic; do
    flock /tmp/crossfold-cpu.lock dotnet bench/bin/Release/net10.0/crossfold-bench.dll throughput --model "$model" --threads 1 \
      --images 4000 --epochs 3 --warmup 1 --augment "$augment" --out "$OUT/$model-$augment.json" >/dev/null 2>&1
    python3 - "$OUT/$model-$augment.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(f"| {d['model']} | {d['augment']} | {d['median_images_per_second']:.0f} | {', '.join(f'{x:.0f}' for x in d['images_per_second'])} | {d['others_cores']:.2f} |")
PY
  done
done

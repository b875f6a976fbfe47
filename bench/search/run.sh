#!/usr/bin/env bash
# Random search against TPE: runs bench/search/study.yaml with method: random and method: tpe for seeds 1-3 with
# `crossfold run`, and prints per seed and method the best CV mean after 8 and after all 16 trials (trials in proposal
# order; TPE's first 4 are random search's first 4), and the mean accuracy of trials 9-16 (where TPE has learned).
# Usage: bench/search/run.sh [extra `crossfold run` options]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$here/out"
rm -rf "$out" && mkdir -p "$out"
dotnet build "$root/Coordinator/Cli/Cli.csproj" -c Release -nologo -clp:ErrorsOnly -v q >/dev/null
for seed in 1 2 3; do
  for method in random tpe; do
    name="$method-$seed"
    sed "s/METHOD/$method/g; s/SEED/$seed/g" "$here/study.yaml" | grep -v '^#' > "$out/$name.yaml"
    # batch applies to tpe only
    [ "$method" = random ] && sed -i 's/, batch: 4//' "$out/$name.yaml"
    dotnet "$root/Coordinator/Cli/bin/Release/net10.0/crossfold.dll" run "$out/$name.yaml" --plain --out "$out/$name" "$@" > "$out/$name.log"
  done
done
python3 - "$out" <<'PY'
import json, sys, os, statistics
out = sys.argv[1]
print("| seed | method | best CV mean after 8 trials | after 16 trials | mean of trials 9-16 |")
print("| ---: | --- | ---: | ---: | ---: |")
summary = {}
for seed in (1, 2, 3):
    for method in ("random", "tpe"):
        r = json.load(open(os.path.join(out, f"{method}-{seed}", "report.json")))
        means = [t["accuracy"]["mean"] for t in sorted(r["trials"], key=lambda t: t["index"])]
        row = (max(means[:8]), max(means), statistics.mean(means[8:]))
        summary.setdefault(method, []).append(row)
        print(f"| {seed} | {method} | {100*row[0]:.2f} % | {100*row[1]:.2f} % | {100*row[2]:.2f} % |")
for method, rows in summary.items():
    print(f"| mean | {method} | " + " | ".join(f"{100*statistics.mean(r[i] for r in rows):.2f} %" for i in range(3)) + " |")
PY

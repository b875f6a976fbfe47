#!/usr/bin/env bash
# Racing against the full grid: runs grid.yaml and raced.yaml (the same study, racing on) with `crossfold run`
# and prints, for each, the winner with its CV mean, the fold-epochs trained and the wall time, then the ratios.
# Usage: bench/racing/run.sh [extra `crossfold run` options, e.g. --local-workers 2]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$here/out"
rm -rf "$out" && mkdir -p "$out"
dotnet build "$root/Coordinator/Cli/Cli.csproj" -nologo -clp:ErrorsOnly -v q >/dev/null
crossfold=("dotnet" "$root/Coordinator/Cli/bin/Debug/net10.0/crossfold.dll")
for study in grid raced; do
  start=$(date +%s%N)
  "${crossfold[@]}" run "$here/$study.yaml" --plain --out "$out/$study" "$@" > "$out/$study.log"
  echo $(( ($(date +%s%N) - start) / 1000000 )) > "$out/$study.ms"
done
python3 - "$out" <<'PY'
import json, sys, os
out = sys.argv[1]
rows = {}
for study in ("grid", "raced"):
    report = json.load(open(os.path.join(out, study, "report.json")))
    best = next(t for t in report["trials"] if t["index"] == report["bestTrial"])
    epochs = sum(f["epochsRun"] for t in report["trials"] for f in t["folds"])
    folds = sum(len(t["folds"]) for t in report["trials"])
    seconds = int(open(os.path.join(out, study + ".ms")).read()) / 1000
    eliminated = len((report.get("racing") or {}).get("eliminated") or [])
    rows[study] = (best["label"], best["accuracy"]["mean"], folds, epochs, seconds, eliminated)
print("| run | winner | CV mean | folds trained | fold-epochs | trials eliminated | wall time |")
print("| --- | --- | --- | --- | --- | --- | --- |")
for study, (label, mean, folds, epochs, seconds, eliminated) in rows.items():
    print(f"| {study} | {label} | {100 * mean:.2f} % | {folds} | {epochs} | {eliminated} | {seconds:.0f} s |")
g, r = rows["grid"], rows["raced"]
print()
print(f"same winner: {'yes' if g[0] == r[0] else 'no'}; fold-epochs grid / raced = {g[3] / r[3]:.2f}x; wall time grid / raced = {g[4] / r[4]:.2f}x")
PY

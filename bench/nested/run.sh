#!/usr/bin/env bash
# Nested cross-validation against the plain estimate: runs sweeps/nested.yaml (the README's quick sweep, nested: the 10,000
# embedded digits) and bench/nested/full-mnist.yaml (full MNIST) with `crossfold run`, then prints, per study, the best trial's
# plain cross-validation mean (what the main table reports, chosen on the very folds that score it), the nested estimate
# (each outer fold's trial chosen on inner folds of its training part, scored on its test part) and which trials the outer
# folds chose. The plain numbers are exactly those of the same sweep without inner_k: the outer jobs are the same jobs.
# Usage: bench/nested/run.sh [MNIST_DIR] [extra `crossfold run` options]   (MNIST_DIR default: ../shared/datasets/mnist)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mnist="$(cd "${1:-$root/../shared/datasets/mnist}" && pwd)"
shift || true
dotnet build "$root/Coordinator/Cli/Cli.csproj" -c Release -nologo -clp:ErrorsOnly -v q >/dev/null
crossfold() { dotnet "$root/Coordinator/Cli/bin/Release/net10.0/crossfold.dll" "$@"; }
sed "s|MNIST_DIR|$mnist|" "$here/full-mnist.yaml" > "$here/full-mnist.local.yaml"
for study in "$root/sweeps/nested.yaml" "$here/full-mnist.local.yaml"; do
  name="$(basename "$study" .yaml)"
  start=$(date +%s)
  crossfold run "$study" --plain --out "$here/out/$name" "$@" > "$here/out-$name.log"
  echo "$name: $(( $(date +%s) - start )) s"
done
rm -f "$here/full-mnist.local.yaml"
python3 - "$here/out/nested/report.json" "$here/out/full-mnist.local/report.json" <<'PY'
import json, sys
print("| study | trials | best trial (plain CV mean ± std) | nested estimate (mean ± std, corrected 95 % CI) | plain − nested | outer folds chose |")
print("| --- | ---: | --- | --- | ---: | --- |")
for path in sys.argv[1:]:
    r = json.load(open(path))
    n = r["nested"]; a = n["nestedAccuracy"]
    best = next(t for t in r["trials"] if t["best"])
    chose = ", ".join(f"{row['label'].split(' |')[0]} x{row['timesChosen']}" for row in n["innerTable"] if row["timesChosen"] > 0)
    pct = lambda x: f"{100 * x:.2f} %"
    print(f"| {r['name']} | {len(r['trials'])} | {best['label'].split(' |')[0]}: {pct(best['accuracy']['mean'])} ± {pct(best['accuracy']['populationStd'])} "
          f"| {pct(a['mean'])} ± {pct(a['populationStd'])} ({pct(a['correctedLow'])} – {pct(a['correctedHigh'])}) "
          f"| {100 * n['nestedOptimism']:+.2f} pp | {chose} |")
PY

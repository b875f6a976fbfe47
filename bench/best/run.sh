#!/usr/bin/env bash
# Noisy MNIST, the best so far (issue 14): runs sweeps/noisy-mnist-best.yaml on full MNIST (5-fold CV and the refit's
# held-out test accuracy, with its wall time), then the ablation: the same model and budget on the embedded 10,000 digits
# with the changes added one at a time (ablation-plain, -schedule, -affine), and prints both tables.
# Usage: bench/best/run.sh [--ablation-only] [MNIST_DIR]     (MNIST_DIR default: ../shared/datasets/mnist)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
only_ablation=false
if [ "${1:-}" = --ablation-only ]; then only_ablation=true; shift; fi
mnist="$(cd "${1:-$root/../shared/datasets/mnist}" && pwd)"
dotnet build "$root/Coordinator/Cli/Cli.csproj" -c Release -nologo -clp:ErrorsOnly -v q >/dev/null
crossfold() { dotnet "$root/Coordinator/Cli/bin/Release/net10.0/crossfold.dll" "$@"; }
mkdir -p "$here/out"
studies=()
if ! $only_ablation; then
  sed "s|^dataset: .*|dataset: $mnist|" "$root/sweeps/noisy-mnist-best.yaml" > "$here/best.local.yaml"
  studies+=("$here/best.local.yaml")
fi
studies+=("$here/ablation-plain.yaml" "$here/ablation-schedule.yaml" "$here/ablation-affine.yaml")
for study in "${studies[@]}"; do
  name="$(basename "$study" .yaml)"
  start=$(date +%s)
  crossfold run "$study" --plain --out "$here/out/$name" > "$here/out/$name.log"
  echo "$name: $(( $(date +%s) - start )) s"
done
rm -f "$here/best.local.yaml"
python3 - "$here"/out/*/report.json <<'PY'
import json, sys
pct = lambda x: f"{100 * x:.2f} %"
print("| study | CV mean ± std (5 folds) | corrected 95 % CI | folds | refit test accuracy |")
print("| --- | --- | --- | --- | --- |")
for path in sys.argv[1:]:
    r = json.load(open(path))
    t = next(t for t in r["trials"] if t["best"])
    a = t["accuracy"]
    folds = ", ".join(pct(f["accuracy"]) for f in t["folds"])
    refit = r.get("refit") or {}
    test = pct(refit["testAccuracy"]) if refit.get("testAccuracy") is not None else "–"
    print(f"| {r['name']} | {pct(a['mean'])} ± {pct(a['populationStd'])} | {pct(a.get('correctedLow', float('nan')))} – {pct(a.get('correctedHigh', float('nan')))} | {folds} | {test} |")
PY

#!/usr/bin/env bash
# The test-fold leak, measured: runs bench/leak/study.yaml with `crossfold run` and prints per model
#   - honest: the reported fold accuracy (epoch chosen on the validation split, test fold scored once);
#   - leaky: the test-fold accuracy at the epoch with the lowest test-fold loss, which is what restoring the best
#     weights by test-fold loss (Crossfold before the fix) reports for the same training runs;
#   - peek: the best test-fold accuracy over the epochs, the most a reader of the test curve could pick.
# The per-epoch test-fold numbers come from the learning curves every fold logs (they never steer training).
# Usage: bench/leak/run.sh [--full MNIST_DIR] [extra `crossfold run` options]
#   --full MNIST_DIR   run full-mnist.yaml (three MLPs on the 60,000 training images in MNIST_DIR) instead of study.yaml
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
study="$here/study.yaml"
out="$here/out"
if [ "${1:-}" = --full ]; then
  sed "s|MNIST_DIR|$(cd "$2" && pwd)|" "$here/full-mnist.yaml" > "$here/full-mnist.local.yaml"
  study="$here/full-mnist.local.yaml" out="$here/out-full"
  shift 2
fi
rm -rf "$out"
dotnet build "$root/Coordinator/Cli/Cli.csproj" -nologo -clp:ErrorsOnly -v q >/dev/null
dotnet "$root/Coordinator/Cli/bin/Debug/net10.0/crossfold.dll" run "$study" --plain --out "$out" "$@" > "$out.log"
python3 - "$out/report.json" <<'PY'
import json, sys, statistics
report = json.load(open(sys.argv[1]))
print("| model | honest (validation split chooses) | leaky (test fold chooses) | peek (best test epoch) | leaky - honest |")
print("| --- | --- | --- | --- | --- |")
for t in report["trials"]:
    honest, leaky, peek = [], [], []
    for f in t["folds"]:
        epochs = f["history"]
        honest.append(f["accuracy"])
        leaky.append(min(epochs, key=lambda e: (e["testLoss"], e["epoch"]))["testAccuracy"])
        peek.append(max(e["testAccuracy"] for e in epochs))
    m = lambda xs: 100 * statistics.mean(xs)
    print(f"| {t['architecture']} | {m(honest):.2f} % | {m(leaky):.2f} % | {m(peek):.2f} % | {m(leaky) - m(honest):+.2f} pp |")
PY

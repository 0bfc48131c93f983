#!/usr/bin/env bash
# Runs every test of the repository on a fresh machine: installs what the tests need from the project's own files
# (Azurite from package-lock.json, Debian's Chromium for the browser tests, Debian's shellcheck for the hook scripts),
# lints the scripts azd's hooks run, compiles and lints the Bicep (the deployment tests read the compiled template),
# builds, checks that the Functions publish output is a real Functions app, and runs the xunit suite.
# Ends with one line "N passed, N failed" taken from the test results.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

log() { printf '\n== %s\n' "$*"; }

log "npm packages (Azurite)"
if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi

# Installs a Debian package when its command is missing: as root, or through sudo.
apt_install() {
  local command=$1 package=$2
  command -v "$command" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
  else
    echo "$command is missing and cannot be installed without root: install Debian's '$package' package." >&2
    exit 1
  fi
}

log "Chromium for the browser tests"
if [ -z "${CHROMIUM_PATH:-}" ]; then
  apt_install chromium chromium
fi

log "shellcheck for the azd hook scripts"
apt_install shellcheck shellcheck

log "azd hook scripts (bash -n, shellcheck)"
bash scripts/check-scripts.sh

log "Infrastructure (Bicep build and lint, compiled to artifacts/infra for the deployment tests)"
bash scripts/build-infra.sh

log "Build"
dotnet build OneTimeLinks.slnx -c Release -nologo -clp:ErrorsOnly

log "Benchmark (compiled only; run it with the command in docs/benchmarks.md)"
dotnet build bench/OneTimeLinks.Benchmarks -c Release -nologo -clp:ErrorsOnly

log "Publish check: the Functions app the host would load"
publish="$root/artifacts/publish"
rm -rf "$publish"
dotnet publish OneTimeLinks.Functions -c Release -o "$publish" -nologo -clp:ErrorsOnly >/dev/null
bash scripts/check-publish.sh "$publish"

log "Tests"
results="$root/artifacts/test-results"
rm -rf "$results"
set +e
dotnet test OneTimeLinks.slnx -c Release --no-build --nologo \
  --logger "trx;LogFilePrefix=results" --logger "console;verbosity=minimal" \
  --results-directory "$results" "$@"
status=$?
set -e

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "No test ran." >&2
  status=1
fi
echo "$passed passed, $failed failed"
exit "$status"

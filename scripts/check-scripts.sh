#!/usr/bin/env bash
# Lints every script an azd hook runs: each `run: bash ./scripts/<name>.sh` of azure.yaml, and each file those scripts
# source (`. scripts/<name>.sh`). First `bash -n` (syntax), then shellcheck with every optional-severity check on
# (Debian's package `shellcheck`; scripts/test.sh installs it when it is missing). Fails on any finding: the hooks only
# run when someone deploys, so CI is the only place a mistake in them shows early.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

mapfile -t hooks < <(sed -n 's|^[[:space:]]*run:[[:space:]]*bash[[:space:]][[:space:]]*\./\(scripts/[A-Za-z0-9_.-]*\.sh\)[[:space:]]*$|\1|p' azure.yaml | sort -u)
if [ "${#hooks[@]}" -eq 0 ]; then
  echo "check-scripts: azure.yaml names no hook script (run: bash ./scripts/<name>.sh)." >&2
  exit 1
fi
mapfile -t sourced < <(sed -n 's|^[[:space:]]*\.[[:space:]][[:space:]]*\(scripts/[A-Za-z0-9_.-]*\.sh\)[[:space:]]*$|\1|p' "${hooks[@]}" | sort -u)
files=("${hooks[@]}" "${sourced[@]}")

for file in "${files[@]}"; do
  if [ ! -f "$file" ]; then
    echo "check-scripts: $file (named by azure.yaml or sourced by a hook) does not exist." >&2
    exit 1
  fi
  bash -n "$file"
done

if ! command -v shellcheck >/dev/null 2>&1; then
  echo "check-scripts: shellcheck is missing: install Debian's 'shellcheck' package (scripts/test.sh does)." >&2
  exit 1
fi
# --external-sources follows the `. scripts/...` lines, so variables a library sets are seen where they are read.
shellcheck --shell=bash --external-sources --severity=style "${files[@]}"

echo "check-scripts: OK, bash -n and shellcheck $(shellcheck --version | sed -n 's/^version: //p') found nothing in ${files[*]}"

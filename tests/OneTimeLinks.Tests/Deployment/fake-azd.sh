#!/usr/bin/env bash
# A stand-in for azd in HookScriptTests: `azd env set <key> <value> [--environment <name>]` appends key=value to
# $FAKE_AZ_STATE/azd-env.
set -euo pipefail
[ "$1 $2" = "env set" ] || { echo "fake azd: unexpected call: $*" >&2; exit 2; }
printf '%s=%s\n' "$3" "$4" >>"$FAKE_AZ_STATE/azd-env"

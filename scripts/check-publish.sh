#!/usr/bin/env bash
# Checks a `dotnet publish` output of OneTimeLinks.Functions is what the Azure Functions host loads: functions.metadata
# naming every [Function] in the source, the .azurefunctions extension folder, and host.json at the root.
set -euo pipefail
publish=${1:?usage: check-publish.sh <publish folder>}
cd "$(dirname "$0")/.."

for path in functions.metadata host.json .azurefunctions worker.config.json; do
  [ -e "$publish/$path" ] || { echo "publish check: $path is missing from $publish" >&2; exit 1; }
done

expected=$(grep -rhoP '\[Function\("\K[^"]+' OneTimeLinks.Functions --include='*.cs' | sort -u)
actual=$(node -e 'for (const f of JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))) console.log(f.name)' \
  "$publish/functions.metadata" | sort -u)
if [ "$expected" != "$actual" ]; then
  echo "publish check: functions.metadata does not list exactly the [Function] methods in the source" >&2
  diff <(echo "$expected") <(echo "$actual") >&2 || true
  exit 1
fi
echo "publish check: OK, $(echo "$actual" | wc -l) functions in functions.metadata, .azurefunctions present"

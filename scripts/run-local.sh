#!/usr/bin/env bash
# Runs OneTimeLinks locally: Azurite (the storage emulator, from the repository's package.json) plus the local runner
# (tools/OneTimeLinks.LocalRunner), which runs the unchanged worker over the host/worker protocol the way `func start`
# would. The Azure Functions host itself cannot run on our machines.
#
#   scripts/run-local.sh                 # data persists in .azurite/
#   scripts/run-local.sh --in-memory     # Azurite keeps nothing after it stops
#   scripts/run-local.sh --urls http://localhost:8080   # any other argument goes to the runner
#
# The runner listens on http://localhost:7071 and prints the dev function key and every function with its route,
# auth level, schedule or queue. If something already listens on the Azurite table port (10002), it is reused as
# Azurite; otherwise Azurite is started here and stopped when the script exits (Ctrl+C).
set -euo pipefail

BLOB_PORT=10000
QUEUE_PORT=10001
TABLE_PORT=10002

# Azurite's documented development account (the same for every installation; not a secret).
ACCOUNT_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${repo_root}"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1

in_memory=false
runner_args=()
for arg in "$@"; do
  case "${arg}" in
    --in-memory) in_memory=true ;;
    *) runner_args+=("${arg}") ;;
  esac
done

is_listening() {
  # bash's /dev/tcp: succeeds when a TCP connection to 127.0.0.1:$1 can be opened.
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

azurite_pid=""
azurite_scratch=""
stop_azurite() {
  if [[ -n "${azurite_pid}" ]] && kill -0 "${azurite_pid}" 2>/dev/null; then
    echo "Stopping Azurite (pid ${azurite_pid})."
    kill "${azurite_pid}" 2>/dev/null || true
    wait "${azurite_pid}" 2>/dev/null || true
  fi
  if [[ -n "${azurite_scratch}" ]]; then
    rm -rf "${azurite_scratch}"
  fi
}
trap stop_azurite EXIT

if is_listening "${TABLE_PORT}"; then
  echo "Something already listens on 127.0.0.1:${TABLE_PORT}; using it as Azurite."
else
  if [[ ! -x node_modules/.bin/azurite ]]; then
    echo "Installing Azurite from package.json ..."
    if [[ -f package-lock.json ]]; then npm ci; else npm install; fi
  fi

  azurite_args=(--silent --skipApiVersionCheck --disableTelemetry
    --blobPort "${BLOB_PORT}" --queuePort "${QUEUE_PORT}" --tablePort "${TABLE_PORT}")
  mkdir -p .azurite
  if [[ "${in_memory}" == true ]]; then
    # A scratch directory (in memory where /dev/shm exists) deleted on exit, not --inMemoryPersistence: in that mode every
    # queue message is an extent of its own, and Azurite's collector deletes them one at a time, once a minute, stalling
    # the whole emulator for as long as a minute and a half after 10,000 messages (docs/design.md, "Two Azurite processes").
    scratch_parent=/dev/shm
    [[ -d "${scratch_parent}" && -w "${scratch_parent}" ]] || scratch_parent="${TMPDIR:-/tmp}"
    azurite_scratch="$(mktemp -d "${scratch_parent}/onetimelinks-local-XXXXXX")"
    azurite_args+=(--location "${azurite_scratch}")
  else
    azurite_args+=(--location .azurite/)
  fi

  azurite_log=".azurite/azurite.log"
  node_modules/.bin/azurite "${azurite_args[@]}" >"${azurite_log}" 2>&1 &
  azurite_pid=$!
  echo "Starting Azurite (pid ${azurite_pid}, $([[ "${in_memory}" == true ]] && echo "in memory" || echo "data in .azurite/"), log ${azurite_log}) ..."

  for _ in $(seq 1 300); do
    if ! kill -0 "${azurite_pid}" 2>/dev/null; then
      echo "Azurite exited during start-up (is port ${BLOB_PORT} or ${QUEUE_PORT} taken?):" >&2
      cat "${azurite_log}" >&2
      azurite_pid=""
      exit 1
    fi
    if is_listening "${BLOB_PORT}" && is_listening "${QUEUE_PORT}" && is_listening "${TABLE_PORT}"; then
      break
    fi
    sleep 0.1
  done

  if ! kill -0 "${azurite_pid}" 2>/dev/null; then
    # Lost a race with another Azurite that came up meanwhile: use that one.
    echo "Azurite stopped (see ${azurite_log}), but something listens on its ports; using it."
    azurite_pid=""
  elif ! is_listening "${TABLE_PORT}"; then
    echo "Azurite did not listen on ports ${BLOB_PORT}-${TABLE_PORT} within 30 seconds:" >&2
    cat "${azurite_log}" >&2
    exit 1
  fi
fi

# A full connection string: UseDevelopmentStorage=true cannot name custom endpoints, and the runner's queue listener and
# the app's table and queue clients all read these settings.
connection="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${ACCOUNT_KEY};"
connection+="BlobEndpoint=http://127.0.0.1:${BLOB_PORT}/devstoreaccount1;"
connection+="QueueEndpoint=http://127.0.0.1:${QUEUE_PORT}/devstoreaccount1;"
connection+="TableEndpoint=http://127.0.0.1:${TABLE_PORT}/devstoreaccount1;"
export AzureWebJobsStorage="${connection}"
export Storage__ConnectionString="${connection}"

# Not exec: the EXIT trap must still stop Azurite when the runner ends.
dotnet run --project tools/OneTimeLinks.LocalRunner -c Release -- ${runner_args[@]+"${runner_args[@]}"}

#!/usr/bin/env bash
# A stand-in for the Azure CLI in HookScriptTests: answers the calls that scripts/preprovision.sh and
# scripts/ensure-url-key.sh make, from files in $FAKE_AZ_STATE (what the test arranged), and appends each call to
# $FAKE_AZ_STATE/calls. Nothing here reaches Azure.
set -euo pipefail
state="$FAKE_AZ_STATE"
printf '%s\n' "$*" >>"$state/calls"

args=("$@")
opt() {
  local i
  for ((i = 0; i < ${#args[@]} - 1; i++)); do
    if [ "${args[i]}" = "$1" ]; then
      printf '%s' "${args[i + 1]}"
      return 0
    fi
  done
}
has() { [ -f "$state/$1" ]; }
read_state() { cat "$state/$1"; }

case "$1 $2" in
  "account show")
    has signed-in || { echo "ERROR: Please run 'az login' to setup account." >&2; exit 1; }
    subscription=$(opt --subscription)
    if [ -n "$subscription" ] && [ "$subscription" != "$(read_state subscription)" ]; then
      echo "ERROR: Subscription '$subscription' not found." >&2
      exit 1
    fi
    case "$(opt --query)" in
      "[id, name, tenantId, user.name, user.type]")
        printf '%s\t%s\t%s\t%s\t%s\n' "$(read_state subscription)" "Contoso Dev" "$(read_state tenant)" \
          "$(read_state user)" "$(read_state user-type)" ;;
      id) read_state subscription; echo ;;
      user.name) read_state user; echo ;;
      *) ;;
    esac ;;
  "account get-access-token")
    payload=$(printf '{"aud":"https://management.core.windows.net/","oid":"%s"}' "$(read_state oid)" | base64 | tr '+/' '-_' | tr -d '=\n')
    printf 'eyJ0eXAiOiJKV1QifQ.%s.c2lnbmF0dXJl\n' "$payload" ;;
  "keyvault show") has vault-live || { echo "(ResourceNotFound)" >&2; exit 1; } ;;
  "keyvault show-deleted") has vault-deleted || { echo "(DeletedVaultNotFound)" >&2; exit 1; } ;;
  "resource show") has rule-exists || { echo "(ResourceNotFound)" >&2; exit 1; } ;;
  "keyvault secret")
    case "$3" in
      show)
        if has secret; then
          echo "https://vault.example/secrets/$(opt --name)/1"
        else
          echo "(SecretNotFound) A secret with (name/id) $(opt --name) was not found in this key vault." >&2
          exit 1
        fi ;;
      set) cp "$(opt --file)" "$state/secret" ;;
    esac ;;
  "rest --method")
    method=$(opt --method)
    url=$(opt --url)
    case "$method $url" in
      post*/refresh\?*) touch "$state/refreshed"; echo x >>"$state/refreshes" ;;
      post*/restart\?*) touch "$state/restarted" ;;
      get*/appsettings/Links__UrlProtectionKey\?*)
        if ! has resolved && has refreshed && has resolve-after; then
          echo x >>"$state/polls"
          if [ "$(wc -l <"$state/polls")" -ge "$(read_state resolve-after)" ]; then touch "$state/resolved"; fi
        fi
        if has resolved; then echo Resolved; elif has refreshed; then echo Initialized; else echo SecretNotFound; fi ;;
      get*/appsettings\?*) has resolved || printf 'Links__UrlProtectionKey\tSecretNotFound\n' ;;
      *) echo "fake az: unexpected rest call: $*" >&2; exit 2 ;;
    esac ;;
  *) echo "fake az: unexpected call: $*" >&2; exit 2 ;;
esac

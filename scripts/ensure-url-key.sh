#!/usr/bin/env bash
# Creates the URL protection key (Links__UrlProtectionKey) in Key Vault ONCE: when the secret of the current key
# version does not exist yet. An existing secret is never overwritten, so provisioning again (azd up, az deployment)
# never rotates the key. Rotation is a deliberate step (docs/operations.md, "Rotate the URL protection key").
#
# Then it makes sure the function app has resolved its Key Vault references. App Service resolves them when the app
# settings change and caches the values for 24 hours; a reference deployed before its secret existed stays the
# literal @Microsoft.KeyVault(...), and the worker, which validates the key at start, stays down. So the script asks
# App Service to resolve them again (POST .../config/configreferences/appsettings/refresh: "Understand rotation",
# learn.microsoft.com/azure/app-service/app-service-key-vault-references#rotation), waits until
# Links__UrlProtectionKey and every other Key Vault reference of the app read Resolved, and restarts the app once so
# that the worker starts with the value.
#
# Runs as azd's postprovision hook (azure.yaml), with azd's environment and the deployment outputs, or by hand:
#   AZURE_SUBSCRIPTION_ID=<sub> AZURE_RESOURCE_GROUP=<rg> AZURE_KEY_VAULT_NAME=<vault> AZURE_FUNCTION_APP_NAME=<app> \
#     LINKS_URL_KEY_SECRET_NAME=links-url-key-1 bash scripts/ensure-url-key.sh
# Without AZURE_FUNCTION_APP_NAME or AZURE_RESOURCE_GROUP it only ensures the secret.
# Needs the Azure CLI signed in (az login; azd's sign-in is separate) as the principal that holds Key Vault Secrets
# Officer on the vault (infra/ grants it to deployerPrincipalId, which scripts/preprovision.sh sets to this sign-in),
# and, for the refresh, Website Contributor or more on the app (the deployer's Owner or Contributor covers it).
# Every line it prints starts with "ensure-url-key:"; each wait says what it waits for and for how long.
set -euo pipefail
script_name=ensure-url-key
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/azure-cli.sh
. scripts/azure-cli.sh

vault="${AZURE_KEY_VAULT_NAME:?set AZURE_KEY_VAULT_NAME (deployment output)}"
secret="${LINKS_URL_KEY_SECRET_NAME:-links-url-key-1}"
app="${AZURE_FUNCTION_APP_NAME:-}"
group="${AZURE_RESOURCE_GROUP:-}"
# Waits: the deployer's new role assignment on the vault can take minutes to apply, and so can the app identity's.
secret_attempts="${ENSURE_URL_KEY_SECRET_ATTEMPTS:-10}"
secret_wait_seconds="${ENSURE_URL_KEY_SECRET_WAIT_SECONDS:-30}"
resolve_attempts="${ENSURE_URL_KEY_RESOLVE_ATTEMPTS:-30}"
resolve_wait_seconds="${ENSURE_URL_KEY_RESOLVE_WAIT_SECONDS:-10}"
# The api-version of the refresh in the App Service documentation; the same one reads the references.
web_api_version=2022-03-01

az_require_signin "${AZURE_SUBSCRIPTION_ID:-}"
subscription="$az_subscription"

# Global, not local: the EXIT trap that removes it runs after ensure_secret has returned.
key_file=""
trap 'rm -f "${key_file:-}"' EXIT

ensure_secret() {
  local attempt out
  for ((attempt = 1; attempt <= secret_attempts; attempt++)); do
    if out=$(az keyvault secret show --vault-name "$vault" --name "$secret" --subscription "$subscription" --query id --output tsv 2>&1); then
      say "$secret exists in $vault; left unchanged."
      return 0
    fi
    if grep -q "SecretNotFound" <<<"$out"; then
      key_file=$(mktemp)
      # The key never reaches the command line or the output: a file only this user can read, removed on exit.
      chmod 600 "$key_file"
      # Base64 of 32 random bytes: the AES-256 key.
      openssl rand -base64 32 | tr -d '\n' >"$key_file"
      az keyvault secret set --vault-name "$vault" --name "$secret" --file "$key_file" --encoding utf-8 \
        --subscription "$subscription" \
        --content-type "Base64 AES-256 key (OneTimeLinks Links__UrlProtectionKey)" --output none
      say "created $secret in $vault."
      return 0
    fi
    # Anything else (typically 403 while a new role assignment propagates): never create a key blind; wait, ask again.
    if [ "$attempt" -eq "$secret_attempts" ]; then
      printf '%s\n' "$out" >&2
      fail "cannot read $secret in $vault after $secret_attempts attempts. The Azure CLI principal needs Key Vault Secrets Officer on the vault (scripts/preprovision.sh grants it to this sign-in through the template)."
    fi
    say "waiting for access to $vault (a new role assignment can take minutes): attempt $attempt of $secret_attempts, next in $secret_wait_seconds s."
    sleep "$secret_wait_seconds"
  done
}

site="/subscriptions/$subscription/resourceGroups/$group/providers/Microsoft.Web/sites/$app"

# Prints "<name> <status>" for each Key Vault reference of the app settings that is not Resolved.
unresolved_references() {
  az rest --method get --url "$site/config/configreferences/appsettings?api-version=$web_api_version" \
    --query "value[?properties.status!='Resolved'].[name, properties.status]" --output tsv | tr -d '\r'
}

key_reference_status() {
  az rest --method get \
    --url "$site/config/configreferences/appsettings/Links__UrlProtectionKey?api-version=$web_api_version" \
    --query "properties.status" --output tsv | tr -d '\r'
}

refresh_references() {
  az rest --method post --url "$site/config/configreferences/appsettings/refresh?api-version=$web_api_version" --output none
}

ensure_resolved() {
  local attempt status pending
  status=$(key_reference_status)
  pending=$(unresolved_references)
  if [ "$status" = "Resolved" ] && [ -z "$pending" ]; then
    say "$app resolves Links__UrlProtectionKey and its other Key Vault references; nothing to refresh."
    return 0
  fi

  say "$app has not resolved every Key Vault reference (Links__UrlProtectionKey: ${status:-unknown}); asking App Service to resolve them again."
  refresh_references
  for ((attempt = 1; attempt <= resolve_attempts; attempt++)); do
    sleep "$resolve_wait_seconds"
    status=$(key_reference_status)
    pending=$(unresolved_references)
    if [ "$status" = "Resolved" ] && [ -z "$pending" ]; then
      say "Links__UrlProtectionKey and every other Key Vault reference of $app read Resolved."
      az rest --method post --url "$site/restart?api-version=$web_api_version" --output none
      say "restarted $app, so that its worker starts with the key."
      return 0
    fi
    say "waiting for $app to resolve its Key Vault references (Links__UrlProtectionKey: ${status:-unknown}; not yet: $(tr '\n\t' '; ' <<<"$pending")): check $attempt of $resolve_attempts, every $resolve_wait_seconds s."
    # A reference that failed (for example while the app identity's role on the vault propagated) is not retried
    # until the next refresh, so ask again now and then.
    if [ $((attempt % 6)) -eq 0 ]; then
      refresh_references
    fi
  done

  fail "$app still has unresolved Key Vault references after $((resolve_attempts * resolve_wait_seconds)) s (Links__UrlProtectionKey: ${status:-unknown}). The portal shows each one's error under the app's Environment variables; the app identity needs Key Vault Secrets User on $vault. Run this script again once fixed."
}

ensure_secret
# azd down deletes the deployment outputs from the azd environment, AZURE_KEY_VAULT_NAME among them (azure-dev,
# cli/azd/pkg/infra/provisioning/manager.go, Destroy). The vault outlives them, soft-deleted under purge protection,
# so its name is kept under a name of our own, where scripts/preprovision.sh looks for it before the next provisioning.
if [ -n "${AZURE_ENV_NAME:-}" ] && command -v azd >/dev/null 2>&1; then
  azd env set ONETIMELINKS_KEY_VAULT_NAME "$vault" --environment "$AZURE_ENV_NAME" >/dev/null
fi
if [ -n "$app" ] && [ -n "$group" ]; then
  ensure_resolved
else
  say "AZURE_FUNCTION_APP_NAME or AZURE_RESOURCE_GROUP not set: the app's Key Vault references were not checked."
fi

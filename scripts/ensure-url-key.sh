#!/usr/bin/env bash
# Creates the URL protection key (Links__UrlProtectionKey) in Key Vault ONCE: when the secret of the current key
# version does not exist yet. An existing secret is never overwritten, so provisioning again (azd up, az deployment)
# never rotates the key. Rotation is a deliberate step (docs/operations.md, "Rotate the URL key").
#
# Runs as azd's postprovision hook (azure.yaml), with the deployment outputs in the environment, or by hand:
#   AZURE_KEY_VAULT_NAME=<vault> LINKS_URL_KEY_SECRET_NAME=links-url-key-1 bash scripts/ensure-url-key.sh
# Needs the Azure CLI signed in with Key Vault Secrets Officer on the vault (infra/ grants it to deployerPrincipalId).
set -euo pipefail

vault="${AZURE_KEY_VAULT_NAME:?set AZURE_KEY_VAULT_NAME (deployment output)}"
secret="${LINKS_URL_KEY_SECRET_NAME:-links-url-key-1}"

created=false
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  if out=$(az keyvault secret show --vault-name "$vault" --name "$secret" --query id -o tsv 2>&1); then
    echo "ensure-url-key: $secret exists in $vault; left unchanged."
    break
  fi
  if grep -q "SecretNotFound" <<<"$out"; then
    key_file=$(mktemp)
    trap 'rm -f "$key_file"' EXIT
    chmod 600 "$key_file"
    # Base64 of 32 random bytes: the AES-256 key.
    openssl rand -base64 32 | tr -d '\n' >"$key_file"
    az keyvault secret set --vault-name "$vault" --name "$secret" --file "$key_file" --encoding utf-8 \
      --content-type "Base64 AES-256 key (OneTimeLinks Links__UrlProtectionKey)" --output none
    echo "ensure-url-key: created $secret in $vault."
    created=true
    break
  fi
  # Anything else (typically 403 while a new role assignment propagates): never create a key blind; wait and ask again.
  if [ "$attempt" -eq 10 ]; then
    echo "ensure-url-key: cannot read $secret in $vault:" >&2
    echo "$out" >&2
    exit 1
  fi
  echo "ensure-url-key: $vault not readable yet (attempt $attempt); waiting 30 s." >&2
  sleep 30
done

# A first deployment started the app before the key existed; a restart makes it resolve the Key Vault reference.
if [ "$created" = true ] && [ -n "${AZURE_FUNCTION_APP_NAME:-}" ] && [ -n "${AZURE_RESOURCE_GROUP:-}" ]; then
  az functionapp restart --name "$AZURE_FUNCTION_APP_NAME" --resource-group "$AZURE_RESOURCE_GROUP" --output none
  echo "ensure-url-key: restarted $AZURE_FUNCTION_APP_NAME."
fi

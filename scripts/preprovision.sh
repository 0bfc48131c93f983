#!/usr/bin/env bash
# azd's preprovision hook (azure.yaml). Before Azure is touched, it makes sure that the post-provision step can run and
# writes to the azd environment what infra/main.bicepparam reads:
#   - the Azure CLI is signed in, with access to azd's subscription (scripts/ensure-url-key.sh runs az, and
#     `azd auth login` does not sign az in); it fails here, in seconds, with what to run, instead of after provisioning;
#   - AZURE_PRINCIPAL_ID and AZURE_PRINCIPAL_TYPE: the az principal, which the template grants Key Vault Secrets
#     Officer so that it can create the URL key. The type is User or ServicePrincipal (a pipeline): a role assignment
#     of the wrong type fails with UnmatchedPrincipalType, and azd does not pass AZURE_PRINCIPAL_TYPE to .bicepparam
#     files itself (it appends AZURE_PRINCIPAL_ID only: azure-dev, cli/azd/pkg/infra/provisioning/bicep/bicep_provider.go);
#   - AZURE_KEY_VAULT_CREATE_MODE: recover when this environment's vault (ONETIMELINKS_KEY_VAULT_NAME, which
#     scripts/ensure-url-key.sh keeps because `azd down` deletes the AZURE_KEY_VAULT_NAME output) is soft-deleted, as
#     after `azd down`: purge protection keeps its name taken for 90 days, so only a recovery can deploy it again
#     (docs/operations.md, "Vault name"); default otherwise;
#   - AZURE_LOG_TRANSFORM_RULE_EXISTS: true when the workspace transformation rule of the last provisioning exists, so
#     the workspace is deployed already linked to it (infra/modules/telemetryMasking.bicep).
# Every line it prints starts with "preprovision:". Needs: azd, the Azure CLI signed in, AZURE_SUBSCRIPTION_ID
# (`azd env new <name> --subscription <id> --location <region>`).
set -euo pipefail
script_name=preprovision
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/azure-cli.sh
. scripts/azure-cli.sh

subscription="${AZURE_SUBSCRIPTION_ID:-}"
[ -n "$subscription" ] ||
  fail "azd has no subscription for environment '${AZURE_ENV_NAME:-}' yet. Run 'azd env set AZURE_SUBSCRIPTION_ID <subscription id>' (and AZURE_LOCATION), or create the environment with 'azd env new <name> --subscription <id> --location <region>', then run azd again."
command -v azd >/dev/null 2>&1 || fail "azd is not on PATH; this script is azd's preprovision hook."

env_set() {
  azd env set "$1" "$2" ${AZURE_ENV_NAME:+--environment "$AZURE_ENV_NAME"} >/dev/null
}

az_require_signin "$subscription"

az_signed_in_principal
env_set AZURE_PRINCIPAL_ID "$az_principal_id"
env_set AZURE_PRINCIPAL_TYPE "$az_principal_type"
say "the template grants Key Vault Secrets Officer to $az_principal_type $az_principal_id (this Azure CLI sign-in), which creates the URL key after provisioning."

create_mode=default
vault="${AZURE_KEY_VAULT_NAME:-${ONETIMELINKS_KEY_VAULT_NAME:-}}"
if [ -z "$vault" ]; then
  say "no earlier Key Vault in this environment: a new one is created."
elif az keyvault show --name "$vault" --subscription "$subscription" --output none 2>/dev/null; then
  say "Key Vault $vault exists: kept as it is."
elif az keyvault show-deleted --name "$vault" --subscription "$subscription" --output none 2>/dev/null; then
  create_mode=recover
  say "Key Vault $vault is soft-deleted (purge protection keeps its name): it is recovered, with its URL key."
else
  say "Key Vault $vault of an earlier provisioning is gone: a new one is created."
fi
env_set AZURE_KEY_VAULT_CREATE_MODE "$create_mode"

rule_exists=false
if [ -n "${AZURE_LOG_TRANSFORM_RULE_ID:-}" ] &&
  az resource show --ids "$AZURE_LOG_TRANSFORM_RULE_ID" --output none 2>/dev/null; then
  rule_exists=true
fi
env_set AZURE_LOG_TRANSFORM_RULE_EXISTS "$rule_exists"
say "workspace transformation rule (masks capability tokens in the host's telemetry) exists already: $rule_exists."

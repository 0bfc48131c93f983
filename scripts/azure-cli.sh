# shellcheck shell=bash
# Azure CLI helpers of the azd hooks (scripts/preprovision.sh, scripts/ensure-url-key.sh). Sourced, not run; the
# sourcing script sets script_name (the prefix of every line it prints) and `set -euo pipefail`.
#
# azd and the Azure CLI keep separate sign-ins: `azd auth login` signs in azd only, and the hooks run az. So every hook
# checks the az sign-in before it does anything, and runs each command against azd's subscription
# (AZURE_SUBSCRIPTION_ID), not the CLI's default one. docs/operations.md, "First deployment", has the sign-in steps.

# Progress goes to stdout, which azd shows as it comes (the hooks are interactive: true in azure.yaml).
say() { printf '%s: %s\n' "${script_name:-hook}" "$*"; }
fail() {
  printf '%s: %s\n' "${script_name:-hook}" "$*" >&2
  exit 1
}

# az_require_signin [subscription]
# Fails with what to do when az is missing, not signed in, or cannot use the subscription (or, with AZURE_TENANT_ID
# set, is signed in to another tenant). Sets az_subscription, az_subscription_name, az_tenant, az_user, az_user_type.
az_require_signin() {
  local wanted="${1:-}" line
  command -v az >/dev/null 2>&1 ||
    fail "the Azure CLI (az) is not installed. Install it, sign in with 'az login', then run azd again."
  if ! az account show --output none 2>/dev/null; then
    fail "the Azure CLI is not signed in ('azd auth login' signs in azd only). Run 'az login${AZURE_TENANT_ID:+ --tenant $AZURE_TENANT_ID}' (a pipeline: az login --service-principal or --identity, as the same principal as azd), then run azd again."
  fi
  # By hand, without AZURE_SUBSCRIPTION_ID: the CLI's current subscription, said out loud below.
  if [ -z "$wanted" ]; then
    wanted=$(az account show --query id --output tsv | tr -d '\r')
  fi
  if ! line=$(az account show --subscription "$wanted" --query "[id, name, tenantId, user.name, user.type]" --output tsv 2>/dev/null | tr -d '\r'); then
    fail "the Azure CLI is signed in as $(az account show --query user.name --output tsv 2>/dev/null | tr -d '\r'), which cannot use subscription $wanted (azd's AZURE_SUBSCRIPTION_ID). Run 'az login${AZURE_TENANT_ID:+ --tenant $AZURE_TENANT_ID}' as an account with access to it."
  fi
  IFS=$'\t' read -r az_subscription az_subscription_name az_tenant az_user az_user_type <<<"$line"
  if [ -n "${AZURE_TENANT_ID:-}" ] && [ "$az_tenant" != "$AZURE_TENANT_ID" ]; then
    fail "the Azure CLI uses tenant $az_tenant, azd uses $AZURE_TENANT_ID. Run 'az login --tenant $AZURE_TENANT_ID'."
  fi
  say "Azure CLI signed in as $az_user ($az_user_type), subscription '$az_subscription_name' ($az_subscription)."
}

# az_signed_in_principal
# The object ID and role-assignment principal type of the az sign-in: User for a user, ServicePrincipal for a service
# principal or managed identity (az account show: user.type user | servicePrincipal). The object ID is the oid claim of
# an access token of this sign-in ("oid", learn.microsoft.com/entra/identity-platform/access-token-claims-reference),
# which needs no Microsoft Graph permission, unlike 'az ad sp show'. The token is decoded here and never printed.
# Sets az_principal_id and az_principal_type; needs az_require_signin first.
# shellcheck disable=SC2034 # az_principal_type is this function's output, read by the sourcing script.
az_signed_in_principal() {
  case "$az_user_type" in
    user) az_principal_type=User ;;
    servicePrincipal) az_principal_type=ServicePrincipal ;;
    *) fail "unknown Azure CLI account type '$az_user_type' (expected user or servicePrincipal)." ;;
  esac
  local token payload
  token=$(az account get-access-token --subscription "$az_subscription" --query accessToken --output tsv | tr -d '\r')
  payload=$(printf '%s' "$token" | cut -d. -f2 | tr '_-' '/+')
  while [ $((${#payload} % 4)) -ne 0 ]; do
    payload="$payload="
  done
  az_principal_id=$(printf '%s' "$payload" | base64 -d 2>/dev/null |
    sed -n 's/.*"oid":"\([0-9a-fA-F-]\{36\}\)".*/\1/p')
  [ -n "$az_principal_id" ] || fail "cannot read the object ID (oid) of the Azure CLI sign-in from its access token."
}

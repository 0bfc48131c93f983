// Parameters of infra/main.bicep, for `azd up` (which exports AZURE_ENV_NAME and AZURE_PRINCIPAL_ID)
// and for a deployment by hand:
//   az deployment group create -g <resource-group> -f infra/main.bicep -p infra/main.bicepparam
// No secret is read here: the URL protection key lives in Key Vault (scripts/ensure-url-key.sh creates it once).
using './main.bicep'

param appName = 'onetimelinks'
param environmentName = take(readEnvironmentVariable('AZURE_ENV_NAME', 'prod'), 6)
param tags = {
  workload: 'OneTimeLinks'
}

param storageSkuName = 'Standard_LRS'
param serviceBusDuplicateDetectionWindow = 'P1D'
param instanceMemoryMB = 2048
param maximumInstanceCount = 100
param sweepSchedule = '0 */5 * * * *'

// Empty: links are issued under https://<default host name of the function app>.
param linksPublicBaseUrl = ''

// One subscription that keeps every event; add one per consumer, optionally with a SQL filter
// (e.g. { name: 'crm-bookings', sqlFilter: 'eventType = \'OneTimeLinks.Link.Used\'' }).
param serviceBusSubscriptions = [
  {
    name: 'all-events'
  }
]

// The current URL key version and the retired ones still read (docs/operations.md, "Rotate the URL key").
param linksUrlKeyVersion = readEnvironmentVariable('LINKS_URL_KEY_VERSION', '1')
param linksRetiredUrlKeyVersions = empty(readEnvironmentVariable('LINKS_RETIRED_URL_KEY_VERSIONS', ''))
  ? []
  : split(readEnvironmentVariable('LINKS_RETIRED_URL_KEY_VERSIONS', ''), ',')

// Lets the deployer create the URL key once (Key Vault Secrets Officer). The azd preprovision hook
// (scripts/preprovision.sh) sets both from the Azure CLI sign-in that scripts/ensure-url-key.sh uses. With an ID and no
// type, the empty type fails validation with a message naming deployerPrincipalType instead of guessing User
// (a service principal given User fails with UnmatchedPrincipalType).
param deployerPrincipalId = readEnvironmentVariable('AZURE_PRINCIPAL_ID', '')
param deployerPrincipalType = readEnvironmentVariable(
  'AZURE_PRINCIPAL_TYPE',
  empty(readEnvironmentVariable('AZURE_PRINCIPAL_ID', '')) ? 'User' : ''
)

// Set by the preprovision hook: recover the soft-deleted vault of an earlier deployment (docs/operations.md, "Vault
// name"), and whether the workspace transformation rule exists already.
param keyVaultCreateMode = readEnvironmentVariable('AZURE_KEY_VAULT_CREATE_MODE', 'default')
param workspaceTransformRuleExists = readEnvironmentVariable('AZURE_LOG_TRANSFORM_RULE_EXISTS', 'false') == 'true'

param alertEmail = readEnvironmentVariable('ALERT_EMAIL', '')

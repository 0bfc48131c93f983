// Parameters of infra/main.bicep for a production deployment.
//   LINKS_URL_PROTECTION_KEY=$(openssl rand -base64 32) \
//     az deployment group create -g <resource-group> -f infra/main.bicep -p infra/main.bicepparam
using './main.bicep'

param appName = 'onetimelinks'
param environmentName = 'prod'
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

// Never committed: read from the environment of the deploying shell or pipeline (a pipeline secret).
// The variable must be set (Base64 of exactly 32 random bytes); compiling this file fails without it.
param linksUrlProtectionKey = readEnvironmentVariable('LINKS_URL_PROTECTION_KEY')

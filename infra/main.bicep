// OneTimeLinks: Azure Functions app (.NET isolated, Flex Consumption) with Table Storage state, the
// link-requests storage queue, a Service Bus topic (with subscriptions) for outbound CloudEvents, a Key Vault for the
// URL protection key, diagnostic settings and alert rules.
// Every connection uses the app's user-assigned managed identity; no storage, Service Bus or
// Application Insights key is created or stored.
//
// Deploy: `azd up` (azure.yaml), or by hand (docs/operations.md):
//   az deployment group create -g <resource-group> -f infra/main.bicep -p infra/main.bicepparam

targetScope = 'resourceGroup'

import { resourceTags, topicSubscription } from 'modules/types.bicep'

// ---------------------------------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------------------------------

@description('Azure region of all resources. Pick a region that offers the Flex Consumption plan.')
param location string = resourceGroup().location

@description('Short application name used in resource names (lowercase letters, digits and hyphens).')
@minLength(2)
@maxLength(12)
param appName string = 'onetimelinks'

@description('Environment name used in resource names and tags, e.g. dev, test, prod.')
@minLength(2)
@maxLength(6)
param environmentName string = 'prod'

@description('Tags applied to every resource, in addition to app and environment tags.')
param tags resourceTags = {}

@description('Storage account SKU (replication). Standard_ZRS adds zone resilience in regions with availability zones.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_RAGRS'
  'Standard_GZRS'
  'Standard_RAGZRS'
])
param storageSkuName string = 'Standard_LRS'

@description('Days that deleted blobs and blob containers are recoverable (soft delete).')
@minValue(1)
@maxValue(365)
param blobDeleteRetentionDays int = 7

@description('Duplicate detection window of the Service Bus topic, as an ISO 8601 duration from PT1H to P1D.')
@allowed([
  'PT1H'
  'PT2H'
  'PT3H'
  'PT4H'
  'PT6H'
  'PT8H'
  'PT12H'
  'P1D'
])
param serviceBusDuplicateDetectionWindow string = 'P1D'

@description('Time to live of topic messages that no subscription has consumed, as an ISO 8601 duration.')
param serviceBusMessageTimeToLive string = 'P14D'

@description('Subscriptions on the events topic, each with an optional SQL filter. At least one: the topic discards events no subscription takes. Each consumer reads its own subscription with Azure Service Bus Data Receiver on it.')
@minLength(1)
param serviceBusSubscriptions topicSubscription[] = [
  {
    name: 'all-events'
  }
]

@description('Deliveries of one message to a subscription before it is dead-lettered.')
@minValue(1)
@maxValue(100)
param serviceBusMaxDeliveryCount int = 10

@description('Days that the Log Analytics workspace keeps logs and Application Insights telemetry.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Daily ingestion cap of the Log Analytics workspace in GB; -1 for no cap.')
param logDailyQuotaGb int = -1

@description('.NET isolated worker version of the function app (Flex Consumption runtime version).')
param dotnetVersion string = '10.0'

// Flex Consumption offers 2,048 MB and 4,096 MB instances, and its lowest maximum scale is 40 (Flex Consumption plan
// docs, "Instance memory" and "Considerations": learn.microsoft.com/azure/azure-functions/flex-consumption-plan).
@description('Memory of each Flex Consumption instance in MB: 2048 or 4096.')
@allowed([
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Maximum number of instances the function app scales out to (Flex Consumption: 40 to 1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Public base URL that links are issued under (e.g. a custom domain, without a trailing slash). Empty: https://<default host name of the function app>.')
param linksPublicBaseUrl string = ''

@description('Version of the current URL protection key (Links__UrlProtectionKeyId). Its value is the Key Vault secret links-url-key-<version>, created once by scripts/ensure-url-key.sh; this template never writes it, so a redeployment never rotates it.')
@minLength(1)
@maxLength(32)
param linksUrlKeyVersion string = '1'

@description('Versions of retired URL protection keys that the app keeps reading (Links__PreviousUrlProtectionKeys__<version>), after a rotation until the outbox holds no row written under them.')
param linksRetiredUrlKeyVersions string[] = []

@description('Object ID of the deploying user or pipeline, granted Key Vault Secrets Officer to create the URL key once; empty: grant it yourself (azd sets AZURE_PRINCIPAL_ID).')
param deployerPrincipalId string = ''

// A role assignment whose principalType does not match the principal fails (UnmatchedPrincipalType), so a pipeline's
// service principal needs ServicePrincipal here: scripts/preprovision.sh derives it from the Azure CLI sign-in.
@description('Principal type of deployerPrincipalId (azd: AZURE_PRINCIPAL_TYPE, set by the preprovision hook).')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param deployerPrincipalType string = 'User'

// With purge protection a deleted vault keeps its name for its retention period, and a new vault of that name fails.
// So a vault deleted with its resource group (azd down) is recovered, keys and all, by the next deployment: the
// preprovision hook finds it soft-deleted and sets AZURE_KEY_VAULT_CREATE_MODE=recover (docs/operations.md).
@description('Create mode of the Key Vault: default, or recover to bring back the soft-deleted vault of the same name.')
@allowed([
  'default'
  'recover'
])
param keyVaultCreateMode string = 'default'

@description('True when the workspace transformation rule exists already (every deployment after the first; the preprovision hook checks): the workspace is then deployed with its link from the start, so a redeployment never leaves the host\'s telemetry unmasked.')
param workspaceTransformRuleExists bool = false

@description('E-mail address that receives the alerts; empty: no action group (alerts show in the portal only).')
param alertEmail string = ''

@description('NCRONTAB schedule (with seconds) of the sweep timer function (app setting SweepSchedule, read by the timer trigger as %SweepSchedule%).')
param sweepSchedule string = '0 */5 * * * *'

@description('NCRONTAB schedule (with seconds) of the busy-feed refresh timer (app setting BusyFeedRefreshSchedule). Every minute: feeds come due on whole minutes.')
param busyFeedRefreshSchedule string = '0 * * * * *'

// ---------------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------------

var suffix = uniqueString(subscription().id, resourceGroup().id, appName, environmentName)
var shortSuffix = take(suffix, 6)
var allTags = union(tags, {
  app: appName
  environment: environmentName
})

var identityName = 'id-${appName}-${environmentName}-${shortSuffix}'
var storageAccountName = take(toLower('st${replace(appName, '-', '')}${replace(environmentName, '-', '')}${suffix}'), 24)
var serviceBusNamespaceName = 'sb-${appName}-${environmentName}-${suffix}'
var logAnalyticsName = 'log-${appName}-${environmentName}-${shortSuffix}'
var appInsightsName = 'appi-${appName}-${environmentName}-${shortSuffix}'
// 3 + at most 6 + 1 + 13 = 23 characters: the whole suffix fits (kv-<app>-<env>- left 1 to 3 characters of it).
var keyVaultName = take('kv-${environmentName}-${suffix}', 24)
var transformRuleName = 'dcr-${appName}-${environmentName}-${shortSuffix}'
var planName = 'plan-${appName}-${environmentName}-${shortSuffix}'
// At most 31 characters: Functions host IDs are derived from the first 32 characters of the app name.
var functionAppName = 'func-${appName}-${environmentName}-${shortSuffix}'

var deploymentContainerName = 'app-package'
var linksTableName = 'OneTimeLinks'
var linkRequestsQueueName = 'link-requests'
var linkRequestsPoisonQueueName = '${linkRequestsQueueName}-poison'
// Webhook delivery: the outbox's hand-off queue and the "attempt now" queue, each with the host's poison queue.
var webhookEventsQueueName = 'webhook-events'
var webhookAttemptsQueueName = 'webhook-attempts'
var eventsTopicName = 'onetimelinks-events'
var urlKeySecretPrefix = 'links-url-key-'

// ---------------------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------------------

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: identityName
  location: location
  tags: allTags
}

module storage 'modules/storage.bicep' = {
  params: {
    name: storageAccountName
    location: location
    tags: allTags
    skuName: storageSkuName
    deploymentContainerName: deploymentContainerName
    tableName: linksTableName
    queueNames: [
      linkRequestsQueueName
      linkRequestsPoisonQueueName
      webhookEventsQueueName
      '${webhookEventsQueueName}-poison'
      webhookAttemptsQueueName
      '${webhookAttemptsQueueName}-poison'
    ]
    deleteRetentionDays: blobDeleteRetentionDays
  }
}

module serviceBus 'modules/serviceBus.bicep' = {
  params: {
    name: serviceBusNamespaceName
    location: location
    tags: allTags
    topicName: eventsTopicName
    duplicateDetectionWindow: serviceBusDuplicateDetectionWindow
    defaultMessageTimeToLive: serviceBusMessageTimeToLive
    subscriptions: serviceBusSubscriptions
    maxDeliveryCount: serviceBusMaxDeliveryCount
  }
}

module keyVault 'modules/keyVault.bicep' = {
  params: {
    name: keyVaultName
    location: location
    tags: allTags
    #disable-next-line what-if-short-circuiting
    appPrincipalId: identity.properties.principalId
    deployerPrincipalId: deployerPrincipalId
    deployerPrincipalType: deployerPrincipalType
    createMode: keyVaultCreateMode
  }
}

module monitoring 'modules/monitoring.bicep' = {
  params: {
    logAnalyticsName: logAnalyticsName
    appInsightsName: appInsightsName
    location: location
    tags: allTags
    retentionInDays: logRetentionInDays
    dailyQuotaGb: logDailyQuotaGb
    transformRuleId: workspaceTransformRuleExists
      ? resourceId('Microsoft.Insights/dataCollectionRules', transformRuleName)
      : ''
  }
}

module telemetryMasking 'modules/telemetryMasking.bicep' = {
  params: {
    name: transformRuleName
    location: location
    tags: allTags
    workspaceName: logAnalyticsName
    retentionInDays: logRetentionInDays
    dailyQuotaGb: logDailyQuotaGb
  }
  dependsOn: [
    monitoring
  ]
}

module roleAssignments 'modules/roleAssignments.bicep' = {
  params: {
    // Assignment names are guid(scope, principalId, roleDefinitionId); the principal ID of a new identity
    // is only known at deployment time, so What-If cannot predict these names before the first deployment.
    #disable-next-line what-if-short-circuiting
    principalId: identity.properties.principalId
    // Names known before the deployment starts (not module outputs), so What-If can resolve the scopes.
    storageAccountName: storageAccountName
    serviceBusNamespaceName: serviceBusNamespaceName
    serviceBusTopicName: eventsTopicName
    appInsightsName: appInsightsName
  }
  // The scopes are created by these modules.
  dependsOn: [
    storage
    serviceBus
    monitoring
  ]
}

// Key Vault references of the URL protection keys: the current version and every retired one still read.
var urlKeySettings = reduce(
  linksRetiredUrlKeyVersions,
  {
    Links__UrlProtectionKeyId: linksUrlKeyVersion
    Links__UrlProtectionKey: '@Microsoft.KeyVault(VaultName=${keyVault.outputs.name};SecretName=${urlKeySecretPrefix}${linksUrlKeyVersion})'
  },
  (settings, version) =>
    union(settings, {
      'Links__PreviousUrlProtectionKeys__${version}': '@Microsoft.KeyVault(VaultName=${keyVault.outputs.name};SecretName=${urlKeySecretPrefix}${version})'
    })
)

module functionApp 'modules/functionApp.bicep' = {
  params: {
    name: functionAppName
    planName: planName
    location: location
    // azd deploys the code of service "api" (azure.yaml) to the resource carrying this tag.
    tags: union(allTags, {
      'azd-service-name': 'api'
    })
    identityId: identity.id
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    runtimeVersion: dotnetVersion
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    publicBaseUrl: linksPublicBaseUrl
    keyVaultReferenceSettings: urlKeySettings
    // Identity-based connections follow the Functions convention: <prefix>__<service URI or name>, <prefix>__credential
    // and <prefix>__clientId ("Connecting to host storage with an identity" and "Common properties for identity-based
    // connections", learn.microsoft.com/azure/azure-functions/functions-reference#configure-an-identity-based-connection).
    // Flex Consumption sets the runtime itself (functionAppConfig.runtime): FUNCTIONS_WORKER_RUNTIME,
    // FUNCTIONS_EXTENSION_VERSION, WEBSITE_RUN_FROM_PACKAGE, WEBSITE_CONTENTSHARE and
    // WEBSITE_CONTENTAZUREFILECONNECTIONSTRING are not set ("Flex Consumption plan deprecations",
    // learn.microsoft.com/azure/azure-functions/functions-app-settings#flex-consumption-plan-deprecations).
    appSettings: {
      // Functions host storage, identity-based (no AzureWebJobsStorage connection string).
      AzureWebJobsStorage__accountName: storage.outputs.name
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identity.properties.clientId
      // Application Insights with Microsoft Entra ID authentication (local auth is disabled).
      APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.appInsightsConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'
      // Link state table and request queue clients of the app. The app builds them with ManagedIdentity__ClientId;
      // __credential and __clientId name the same identity, so the section is a complete identity-based connection
      // for any binding pointed at it.
      Storage__TableServiceUri: storage.outputs.tableServiceUri
      Storage__QueueServiceUri: storage.outputs.queueServiceUri
      Storage__credential: 'managedidentity'
      Storage__clientId: identity.properties.clientId
      // The one identity every Azure client of the app uses (ManagedIdentityCredential).
      ManagedIdentity__ClientId: identity.properties.clientId
      // Outbound CloudEvents (same identity, same convention as Storage__ above).
      ServiceBus__FullyQualifiedNamespace: serviceBus.outputs.fullyQualifiedNamespace
      ServiceBus__TopicName: serviceBus.outputs.topicName
      ServiceBus__credential: 'managedidentity'
      ServiceBus__clientId: identity.properties.clientId
      // Workflow and sweep settings.
      LinkRequestsQueueName: linkRequestsQueueName
      SweepSchedule: sweepSchedule
      BusyFeedRefreshSchedule: busyFeedRefreshSchedule
      // Webhook delivery: its two queue triggers and the retry timer (every 5 seconds: the schedule's first retry).
      WebhookEventsQueueName: webhookEventsQueueName
      WebhookAttemptsQueueName: webhookAttemptsQueueName
      WebhookRetrySchedule: '*/5 * * * * *'
    }
  }
  // The identity must hold its data roles before the host starts (deployment storage, host storage, Key Vault).
  dependsOn: [
    roleAssignments
  ]
}

module diagnostics 'modules/diagnostics.bicep' = {
  params: {
    workspaceId: monitoring.outputs.workspaceId
    // Names known before the deployment starts (not module outputs), so What-If can resolve the scopes.
    functionAppName: functionAppName
    storageAccountName: storageAccountName
    serviceBusNamespaceName: serviceBusNamespaceName
    keyVaultName: keyVaultName
  }
  dependsOn: [
    functionApp
    storage
    serviceBus
    keyVault
  ]
}

module alerts 'modules/alerts.bicep' = {
  params: {
    namePrefix: '${appName}-${environmentName}'
    location: location
    tags: allTags
    workspaceId: monitoring.outputs.workspaceId
    serviceBusNamespaceName: serviceBusNamespaceName
    poisonQueueName: linkRequestsPoisonQueueName
    alertEmail: alertEmail
  }
  dependsOn: [
    serviceBus
  ]
}

// ---------------------------------------------------------------------------------------------------
// Outputs
// ---------------------------------------------------------------------------------------------------

@description('Name of the function app.')
output functionAppName string = functionApp.outputs.name

@description('Default host name of the function app.')
output functionAppDefaultHostName string = functionApp.outputs.defaultHostName

@description('Public base URL that links are issued under (Links__PublicBaseUrl).')
output linksPublicBaseUrl string = functionApp.outputs.publicBaseUrl

@description('Name of the storage account.')
output storageAccountName string = storage.outputs.name

@description('Name of the Service Bus namespace.')
output serviceBusNamespaceName string = serviceBus.outputs.name

@description('Fully qualified host name of the Service Bus namespace.')
output serviceBusFullyQualifiedNamespace string = serviceBus.outputs.fullyQualifiedNamespace

@description('Client ID of the function app\'s user-assigned managed identity.')
output identityClientId string = identity.properties.clientId

@description('Name of the function app, for scripts/ensure-url-key.sh (refreshes its Key Vault references).')
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name

@description('Resource ID of the workspace transformation rule that masks capability tokens (the preprovision hook checks that it exists).')
output AZURE_LOG_TRANSFORM_RULE_ID string = telemetryMasking.outputs.id

@description('Name of the Key Vault that holds the URL protection keys (scripts/ensure-url-key.sh reads it as AZURE_KEY_VAULT_NAME).')
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name

@description('Secret name of the current URL protection key (scripts/ensure-url-key.sh reads it as LINKS_URL_KEY_SECRET_NAME).')
output LINKS_URL_KEY_SECRET_NAME string = '${urlKeySecretPrefix}${linksUrlKeyVersion}'

@description('Subscriptions on the events topic.')
output serviceBusSubscriptionNames string[] = serviceBus.outputs.subscriptionNames

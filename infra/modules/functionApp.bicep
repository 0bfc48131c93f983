// Flex Consumption (FC1) plan and the OneTimeLinks function app (.NET isolated worker on Linux).
// The app runs as a user-assigned managed identity; no connection string, key or secret value is stored: the URL
// protection key is a Key Vault reference resolved with the same identity.

import { resourceTags, appSettingsMap } from 'types.bicep'

@description('Name of the function app.')
@minLength(2)
@maxLength(60)
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Azure region of the plan and the app.')
param location string

@description('Tags applied to the plan and the app.')
param tags resourceTags

@description('Resource ID of the user-assigned managed identity the app runs as.')
param identityId string

@description('URL of the blob container that holds the deployment packages.')
param deploymentContainerUrl string

@description('.NET isolated worker runtime version of the app.')
param runtimeVersion string

// Flex Consumption instance sizes: 2,048 MB (the default) and 4,096 MB ("Instance memory", Flex Consumption plan docs,
// learn.microsoft.com/azure/azure-functions/flex-consumption-plan#instance-memory). The API spec and AVM accept other
// numbers, so only this list stops a size Azure refuses before the deployment starts.
@description('Memory of each instance in MB (Flex Consumption: 2048 or 4096).')
@allowed([
  2048
  4096
])
param instanceMemoryMB int

// The lowest maximum Flex Consumption accepts is 40, the highest 1000 ("Considerations", Flex Consumption plan docs).
@description('Upper bound of instances the app scales out to (Flex Consumption: 40 to 1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int

@description('App settings (no secret values); Links__PublicBaseUrl is added here.')
param appSettings appSettingsMap

@description('App settings whose values are Key Vault references (@Microsoft.KeyVault(...)), resolved with the app\'s identity.')
param keyVaultReferenceSettings appSettingsMap

@description('Public base URL of the links; empty for https://<default host name of the app>.')
param publicBaseUrl string

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    // Key Vault references in the app settings are resolved with the user-assigned identity.
    keyVaultReferenceIdentity: identityId
    httpsOnly: true
    clientAffinityEnabled: false
    publicNetworkAccess: 'Enabled'
    // No ftpsState: Flex Consumption rejects the whole site when siteConfig carries it ("The following list of ...
    // site configuration properties (Site.SiteConfig.FtpsState, ...) for Flex Consumption sites is invalid",
    // github.com/Azure/azure-cli/issues/31414; "Flex Consumption plan deprecations",
    // learn.microsoft.com/azure/azure-functions/functions-app-settings#flex-consumption-plan-deprecations).
    // FTP stays off through the ftp publishing-credentials policy below.
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: runtimeVersion
      }
    }
  }

  // Deployments authenticate with Microsoft Entra ID; basic (publishing profile) credentials are off, which also keeps
  // FTP off. The resource provider answers "The parameter location has an invalid value" when these policies carry no
  // location, although the published type has none (github.com/Azure/bicep-types-az/issues/1526, and 1504, 1529), so
  // each location carries a targeted suppression of BCP187 (property not in the type).
  resource ftpCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    #disable-next-line BCP187
    location: location
    properties: {
      allow: false
    }
  }

  resource scmCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    #disable-next-line BCP187
    location: location
    properties: {
      allow: false
    }
  }

  // The app settings are a resource of their own so that they can use the app's default host name.
  // This resource replaces the whole set of app settings on every deployment.
  resource settings 'config' = {
    name: 'appsettings'
    properties: union(appSettings, keyVaultReferenceSettings, {
      Links__PublicBaseUrl: empty(publicBaseUrl) ? 'https://${site.properties.defaultHostName}' : publicBaseUrl
    })
  }
}

@description('Name of the function app.')
output name string = site.name

@description('Default host name of the function app.')
output defaultHostName string = site.properties.defaultHostName

@description('Public base URL the links are issued under.')
output publicBaseUrl string = empty(publicBaseUrl) ? 'https://${site.properties.defaultHostName}' : publicBaseUrl

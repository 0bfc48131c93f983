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

@description('Memory of each instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Upper bound of instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('App settings (no secret values: secrets are Key Vault references); Links__PublicBaseUrl is added here.')
param appSettings appSettingsMap

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
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
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

  // Deployments authenticate with Microsoft Entra ID; basic (publishing profile) credentials are off.
  resource ftpCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scmCredentials 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }

  // The app settings are a resource of their own so that they can use the app's default host name.
  // This resource replaces the whole set of app settings on every deployment.
  resource settings 'config' = {
    name: 'appsettings'
    properties: union(appSettings, {
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

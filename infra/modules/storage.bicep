// Storage account for OneTimeLinks: Functions host storage (AzureWebJobsStorage), the Flex Consumption
// deployment package container, the link state table and the inbound request queues.
// Shared keys are disabled: every caller authenticates with Microsoft Entra ID.

import { resourceTags } from 'types.bicep'

@description('Name of the storage account (3-24 lowercase letters and digits, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the storage account.')
param location string

@description('Tags applied to the storage account.')
param tags resourceTags

@description('Storage account SKU (replication). Standard_LRS is enough for the state of a single-region app; use Standard_ZRS in regions with zones for zone resilience.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_RAGRS'
  'Standard_GZRS'
  'Standard_RAGZRS'
])
param skuName string

@description('Name of the blob container that holds the function app deployment packages.')
param deploymentContainerName string

@description('Name of the table that holds the link state.')
param tableName string

@description('Names of the storage queues to create (the inbound request queue and its poison queue).')
param queueNames string[]

@description('Days that deleted blobs and containers are kept before they are purged.')
@minValue(1)
@maxValue(365)
param deleteRetentionDays int

resource storage 'Microsoft.Storage/storageAccounts@2026-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
    encryption: {
      keySource: 'Microsoft.Storage'
      requireInfrastructureEncryption: false
      services: {
        blob: {
          enabled: true
          keyType: 'Account'
        }
        file: {
          enabled: true
          keyType: 'Account'
        }
        // Account-scoped keys for tables and queues (the default is service-scoped).
        table: {
          enabled: true
          keyType: 'Account'
        }
        queue: {
          enabled: true
          keyType: 'Account'
        }
      }
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2026-06-01' = {
  parent: storage
  name: 'default'
  properties: {
    deleteRetentionPolicy: {
      enabled: true
      days: deleteRetentionDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: deleteRetentionDays
    }
  }
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-06-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2026-06-01' = {
  parent: storage
  name: 'default'
}

resource table 'Microsoft.Storage/storageAccounts/tableServices/tables@2026-06-01' = {
  parent: tableService
  name: tableName
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2026-06-01' = {
  parent: storage
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2026-06-01' = [
  for queueName in queueNames: {
    parent: queueService
    name: queueName
  }
]

@description('Name of the storage account.')
output name string = storage.name

@description('Resource ID of the storage account.')
output id string = storage.id

@description('Blob endpoint of the storage account (with a trailing slash).')
output blobEndpoint string = storage.properties.primaryEndpoints.blob

@description('URL of the deployment package container.')
output deploymentContainerUrl string = '${storage.properties.primaryEndpoints.blob}${deploymentContainer.name}'

@description('Table service URI, without a trailing slash (https://<account>.table.<storage suffix>).')
output tableServiceUri string = 'https://${storage.name}.table.${environment().suffixes.storage}'

@description('Queue service URI, without a trailing slash (https://<account>.queue.<storage suffix>).')
output queueServiceUri string = 'https://${storage.name}.queue.${environment().suffixes.storage}'

@description('Name of the link state table.')
output tableName string = table.name

@description('Names of the queues that were created.')
output queueNames string[] = [for (queueName, i) in queueNames: queues[i].name]

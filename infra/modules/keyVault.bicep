// Key Vault that holds the URL protection key(s) of OneTimeLinks (secrets links-url-key-<version>).
// The template never writes a secret value: scripts/ensure-url-key.sh creates a version's secret once, when it does
// not exist yet, so a redeployment never rotates the key. The app reads the secrets through Key Vault references in
// its app settings, with its user-assigned identity (Key Vault Secrets User).

import { resourceTags } from 'types.bicep'

@description('Name of the Key Vault (3-24 characters, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Azure region of the vault.')
param location string

@description('Tags applied to the vault.')
param tags resourceTags

@description('Principal (object) ID of the function app\'s identity, which reads the secrets.')
param appPrincipalId string

@description('Object ID of the deploying user or pipeline, which creates the key once (Key Vault Secrets Officer); empty: assign it yourself.')
param deployerPrincipalId string

@description('Principal type of the deployer.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param deployerPrincipalType string

@description('default: create the vault (fails when a soft-deleted vault has the name); recover: bring that vault back.')
@allowed([
  'default'
  'recover'
])
param createMode string

// Built-in role definition IDs (the same in every tenant).
var roles = {
  // Key Vault Secrets User: read secret values (Key Vault references of the app settings).
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  // Key Vault Secrets Officer: create secrets (scripts/ensure-url-key.sh).
  keyVaultSecretsOfficer: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'
}

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
    // "default - create a new KeyVault. Deployment will fail if an existing soft-deleted KeyVault has the same name.
    // recover - recover an existing soft-deleted KeyVault." (azure.github.io/azure-service-operator/guide/keyvaults)
    createMode: createMode
  }
}

resource appSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, appPrincipalId, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

resource deployerSecretsOfficer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  name: guid(vault.id, deployerPrincipalId, roles.keyVaultSecretsOfficer)
  scope: vault
  properties: {
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsOfficer)
  }
}

@description('Name of the Key Vault.')
output name string = vault.name

@description('Resource ID of the Key Vault.')
output id string = vault.id

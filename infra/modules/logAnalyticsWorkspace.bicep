// The Log Analytics workspace of OneTimeLinks. Two modules deploy it: monitoring.bicep creates it, and
// telemetryMasking.bicep deploys it again once the workspace transformation rule exists, to link that rule
// (defaultDataCollectionRuleResourceId). Both go through this one file so that both PUTs send the same workspace.

import { resourceTags } from 'types.bicep'

@description('Name of the Log Analytics workspace.')
param name string

@description('Azure region of the workspace.')
param location string

@description('Tags applied to the workspace.')
param tags resourceTags

@description('Days that the workspace keeps data.')
@minValue(30)
@maxValue(730)
param retentionInDays int

@description('Daily ingestion cap of the workspace in GB; -1 for no cap.')
param dailyQuotaGb int

@description('Resource ID of the workspace transformation data collection rule to link; empty: none is linked (its first deployment, before the rule exists).')
param transformRuleId string

resource workspace 'Microsoft.OperationalInsights/workspaces@2026-03-01' = {
  name: name
  location: location
  tags: tags
  properties: union(
    {
      sku: {
        name: 'PerGB2018'
      }
      retentionInDays: retentionInDays
      workspaceCapping: {
        dailyQuotaGb: dailyQuotaGb
      }
      features: {
        enableLogAccessUsingOnlyResourcePermissions: true
        disableLocalAuth: true
      }
      publicNetworkAccessForIngestion: 'Enabled'
      publicNetworkAccessForQuery: 'Enabled'
    },
    // The workspace transformation rule applies to every table it names, for data that no other rule collects
    // (Application Insights and diagnostic settings): "Workspace transformation DCR",
    // learn.microsoft.com/azure/azure-monitor/data-collection/data-collection-transformations#workspace-transformation-dcr.
    empty(transformRuleId)
      ? {}
      : {
          defaultDataCollectionRuleResourceId: transformRuleId
        }
  )
}

@description('Resource ID of the workspace.')
output id string = workspace.id

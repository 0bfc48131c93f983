// Log Analytics workspace and the workspace-based Application Insights component of the function app.
// Local (instrumentation key) authentication is disabled: telemetry is sent with Microsoft Entra ID.

import { resourceTags } from 'types.bicep'

@description('Name of the Log Analytics workspace.')
param logAnalyticsName string

@description('Name of the Application Insights component.')
param appInsightsName string

@description('Azure region of the monitoring resources.')
param location string

@description('Tags applied to the monitoring resources.')
param tags resourceTags

@description('Days that the Log Analytics workspace keeps data.')
@minValue(30)
@maxValue(730)
param retentionInDays int

@description('Daily ingestion cap of the workspace in GB; -1 for no cap.')
param dailyQuotaGb int

@description('Resource ID of the workspace transformation rule when it exists already (every deployment after the first), so that deploying the workspace again keeps it linked; empty on the first deployment, when telemetryMasking.bicep links it.')
param transformRuleId string

module workspace 'logAnalyticsWorkspace.bicep' = {
  params: {
    name: logAnalyticsName
    location: location
    tags: tags
    retentionInDays: retentionInDays
    dailyQuotaGb: dailyQuotaGb
    transformRuleId: transformRuleId
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.outputs.id
    IngestionMode: 'LogAnalytics'
    DisableLocalAuth: true
    publicNetworkAccessForIngestion: 'Enabled'
    publicNetworkAccessForQuery: 'Enabled'
  }
}

@description('Name of the Application Insights component.')
output appInsightsName string = appInsights.name

@description('Connection string of the Application Insights component (not a secret: local auth is disabled).')
output appInsightsConnectionString string = appInsights.properties.ConnectionString

@description('Resource ID of the Log Analytics workspace.')
output workspaceId string = workspace.outputs.id

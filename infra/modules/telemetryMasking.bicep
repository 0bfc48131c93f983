// Masks capability tokens in the telemetry the Functions host records, before the workspace stores it.
//
// The host writes each request's URL to Application Insights and its logs to FunctionAppLogs. It redacts credentials
// in query strings, not the path, so /api/l/{token} (the capability to book) and /api/m/{token} (the capability to
// change a booking) would reach the workspace with the secret in them; the worker cannot filter the host's telemetry.
// A workspace transformation rule rewrites every row of the tables below as it is ingested, whatever sent it:
// "Workspace transformation DCR", learn.microsoft.com/azure/azure-monitor/data-collection/data-collection-transformations
// (kind WorkspaceTransforms, no data sources, one workspace destination, one data flow per table; the tables support
// it per their "DCR workspace transformation support: Yes" in learn.microsoft.com/azure/azure-monitor/reference/tables).
//
// The query uses only what transformations support (extract, strcat, iif, matches regex, tostring, parse_json and
// scalar let functions; replace_regex is not on that list):
// learn.microsoft.com/azure/azure-monitor/data-collection/data-collection-transformations-kql.
// infra/telemetry/mask-capability-tokens.kql holds the functions and the patterns; the test
// Deployment/TelemetryMaskingTests runs the same patterns over sample rows. Which columns: docs/operations.md.

import { resourceTags } from 'types.bicep'

@description('Name of the workspace transformation data collection rule.')
param name string

@description('Azure region of the rule; the same as the workspace.')
param location string

@description('Tags applied to the rule and the workspace.')
param tags resourceTags

@description('Name of the Log Analytics workspace (created by monitoring.bicep).')
param workspaceName string

@description('Days that the workspace keeps data (deployed again unchanged).')
@minValue(30)
@maxValue(730)
param retentionInDays int

@description('Daily ingestion cap of the workspace in GB (deployed again unchanged).')
param dailyQuotaGb int

// A transformation query must be one line ("Add transformation to DCR",
// learn.microsoft.com/azure/azure-monitor/data-collection/data-collection-transformations-create).
var maskFunctions = replace(replace(loadTextContent('../telemetry/mask-capability-tokens.kql'), '\r', ''), '\n', ' ')

// Each table with its string columns (maskTokens) and dynamic columns (maskDynamic) that can carry a URL or a message.
var maskedTables = [
  {
    table: 'AppRequests'
    query: 'source | extend Url = maskTokens(Url), Name = maskTokens(Name), OperationName = maskTokens(OperationName), Properties = maskDynamic(Properties)'
  }
  {
    table: 'AppDependencies'
    query: 'source | extend Data = maskTokens(Data), Name = maskTokens(Name), Target = maskTokens(Target), OperationName = maskTokens(OperationName), Properties = maskDynamic(Properties)'
  }
  {
    table: 'AppTraces'
    query: 'source | extend Message = maskTokens(Message), OperationName = maskTokens(OperationName), Properties = maskDynamic(Properties)'
  }
  {
    table: 'AppExceptions'
    query: 'source | extend Message = maskTokens(Message), OuterMessage = maskTokens(OuterMessage), InnermostMessage = maskTokens(InnermostMessage), OperationName = maskTokens(OperationName), Details = maskDynamic(Details), Properties = maskDynamic(Properties)'
  }
  {
    table: 'FunctionAppLogs'
    query: 'source | extend Message = maskTokens(Message), ExceptionMessage = maskTokens(ExceptionMessage), ExceptionDetails = maskTokens(ExceptionDetails)'
  }
]

resource workspace 'Microsoft.OperationalInsights/workspaces@2026-03-01' existing = {
  name: workspaceName
}

resource transformRule 'Microsoft.Insights/dataCollectionRules@2024-03-11' = {
  name: name
  location: location
  tags: tags
  kind: 'WorkspaceTransforms'
  properties: {
    dataSources: {}
    destinations: {
      logAnalytics: [
        {
          name: 'workspace'
          workspaceResourceId: workspace.id
        }
      ]
    }
    dataFlows: [
      for masked in maskedTables: {
        streams: [
          'Microsoft-Table-${masked.table}'
        ]
        destinations: [
          'workspace'
        ]
        transformKql: '${maskFunctions} ${masked.query}'
      }
    ]
  }
}

// The workspace names its transformation rule (defaultDataCollectionRuleResourceId); the rule needs the workspace's
// tables to exist first, so the workspace is deployed again, unchanged but for the link.
module linkedWorkspace 'logAnalyticsWorkspace.bicep' = {
  params: {
    name: workspaceName
    location: location
    tags: tags
    retentionInDays: retentionInDays
    dailyQuotaGb: dailyQuotaGb
    transformRuleId: transformRule.id
  }
}

@description('Resource ID of the workspace transformation rule.')
output id string = transformRule.id

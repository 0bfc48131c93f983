// Alert rules of OneTimeLinks (docs/operations.md, "Alerts", says what each means and what to do) and an optional
// action group that e-mails them. Log alerts query the Log Analytics workspace: AppRequests and AppMetrics come from
// the worker's OpenTelemetry export, StorageQueueLogs from the queue service's diagnostic settings.

import { resourceTags } from 'types.bicep'

@description('Prefix of the alert rule names.')
param namePrefix string

@description('Azure region of the log alert rules.')
param location string

@description('Tags applied to the alert rules and the action group.')
param tags resourceTags

@description('Resource ID of the Log Analytics workspace the log alerts query.')
param workspaceId string

@description('Name of the Service Bus namespace (dead-letter alert).')
param serviceBusNamespaceName string

@description('Name of the poison queue of the link requests.')
param poisonQueueName string

@description('E-mail address that receives the alerts; empty: no action group, the alerts show in the portal only.')
param alertEmail string

resource serviceBus 'Microsoft.ServiceBus/namespaces@2026-01-01' existing = {
  name: serviceBusNamespaceName
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(alertEmail)) {
  name: 'ag-${namePrefix}'
  location: 'global'
  tags: tags
  properties: {
    groupShortName: take(replace(namePrefix, '-', ''), 12)
    enabled: true
    emailReceivers: [
      {
        name: 'operations'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

var actionGroups = empty(alertEmail) ? [] : [actionGroup.id]
var metricAlertActions = [for id in actionGroups: { actionGroupId: id }]

var logAlerts = [
  {
    name: 'poison-queue'
    severity: 2
    title: 'Link requests reached the poison queue'
    description: 'A message was put on ${poisonQueueName}: a workflow request the app rejected (with its reason) or one that failed 5 times. Read and drain the queue (docs/operations.md).'
    query: 'StorageQueueLogs | where OperationName == "PutMessage" and Uri has "/${poisonQueueName}/"'
  }
  {
    name: 'outbox-backlog'
    severity: 2
    title: 'Events waited in the outbox for more than a minute'
    description: 'The sweep found events that were not published right after their commit (Service Bus unreachable, or denied). It redelivers them; if this repeats, check Service Bus and the app identity\'s Data Sender role.'
    query: 'AppMetrics | where Name == "onetimelinks.outbox.backlog" and Max > 0'
  }
  {
    name: 'http-5xx'
    severity: 1
    title: 'More than 5% of HTTP requests failed with 5xx'
    description: 'At least 20 requests in 15 minutes and more than 5% of them answered 5xx. Find them with their operation id (docs/operations.md, Kusto).'
    query: 'AppRequests | summarize Total = count(), Failed = countif(toint(ResultCode) >= 500) | where Total >= 20 and Failed * 100.0 / Total > 5'
  }
  {
    name: 'webhook-disabled'
    severity: 2
    title: 'A webhook subscription was disabled'
    description: 'The service disabled a webhook subscription: its receiver answered 410 Gone, or failed every delivery for 5 days. A OneTimeLinks.Webhook.Disabled event went to Service Bus. Find the receiver and replay its deliveries (docs/operations.md).'
    query: 'AppMetrics | where Name == "onetimelinks.webhooks.disabled" and Sum > 0'
  }
  {
    name: 'sweep-failure'
    severity: 2
    title: 'A sweep run failed'
    description: 'A sweep run ended with an exception: expiries, purges and redeliveries wait for the next run. See the exception of the Sweep operation.'
    query: 'AppMetrics | where Name == "onetimelinks.sweep.duration" and tostring(Properties["outcome"]) == "failure"'
  }
]

resource logAlertRules 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = [
  for alert in logAlerts: {
    name: '${namePrefix}-${alert.name}'
    location: location
    tags: tags
    kind: 'LogAlert'
    properties: {
      displayName: alert.title
      description: alert.description
      severity: alert.severity
      enabled: true
      scopes: [
        workspaceId
      ]
      evaluationFrequency: 'PT5M'
      windowSize: 'PT15M'
      criteria: {
        allOf: [
          {
            query: alert.query
            timeAggregation: 'Count'
            operator: 'GreaterThan'
            threshold: 0
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      autoMitigate: true
      actions: {
        actionGroups: actionGroups
      }
    }
  }
]

resource deadLetterAlert 'Microsoft.Insights/metricAlerts@2026-01-01' = {
  name: '${namePrefix}-dead-letters'
  location: 'global'
  tags: tags
  properties: {
    description: 'Messages are in a dead-letter queue of an events subscription: a consumer rejected them, or they expired unread. Inspect and replay them (docs/operations.md).'
    severity: 2
    enabled: true
    scopes: [
      serviceBus.id
    ]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'dead-lettered'
          metricNamespace: 'Microsoft.ServiceBus/namespaces'
          metricName: 'DeadletteredMessages'
          dimensions: [
            {
              name: 'EntityName'
              operator: 'Include'
              values: [
                '*'
              ]
            }
          ]
          timeAggregation: 'Maximum'
          operator: 'GreaterThan'
          threshold: 0
        }
      ]
    }
    autoMitigate: true
    actions: metricAlertActions
  }
}

@description('Names of the log alert rules.')
output logAlertRuleNames string[] = [for (alert, i) in logAlerts: logAlertRules[i].name]

@description('Name of the dead-letter metric alert rule.')
output deadLetterAlertRuleName string = deadLetterAlert.name

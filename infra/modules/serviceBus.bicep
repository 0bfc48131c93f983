// Service Bus namespace and the topic that carries the outbound OneTimeLinks CloudEvents.
// Local (SAS) authentication is disabled: senders and receivers use Microsoft Entra ID.

import { resourceTags, topicSubscription } from 'types.bicep'

@description('Name of the Service Bus namespace (6-50 characters, globally unique).')
@minLength(6)
@maxLength(50)
param name string

@description('Azure region of the namespace.')
param location string

@description('Tags applied to the namespace.')
param tags resourceTags

@description('Name of the topic for outbound CloudEvents.')
param topicName string

@description('Duplicate detection window of the topic, as an ISO 8601 duration between PT1H and P1D.')
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
param duplicateDetectionWindow string

@description('Time to live of messages on the topic that no subscription has taken, as an ISO 8601 duration.')
param defaultMessageTimeToLive string

@description('Subscriptions that keep the events for their consumers. A topic without a subscription discards every message it accepts.')
@minLength(1)
param subscriptions topicSubscription[]

@description('Deliveries of one message before Service Bus moves it to the subscription\'s dead-letter queue.')
@minValue(1)
@maxValue(100)
param maxDeliveryCount int

resource namespace 'Microsoft.ServiceBus/namespaces@2026-01-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
  }
}

resource topic 'Microsoft.ServiceBus/namespaces/topics@2026-01-01' = {
  parent: namespace
  name: topicName
  properties: {
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: duplicateDetectionWindow
    defaultMessageTimeToLive: defaultMessageTimeToLive
    enableBatchedOperations: true
    maxSizeInMegabytes: 1024
    supportOrdering: false
  }
}

// Each subscription keeps a copy of every matching event until its consumer completes it. Messages that expire or keep
// failing are dead-lettered, never silently dropped.
resource topicSubscriptions 'Microsoft.ServiceBus/namespaces/topics/subscriptions@2026-01-01' = [
  for subscription in subscriptions: {
    parent: topic
    name: subscription.name
    properties: {
      deadLetteringOnMessageExpiration: true
      deadLetteringOnFilterEvaluationExceptions: true
      maxDeliveryCount: maxDeliveryCount
      lockDuration: 'PT1M'
      defaultMessageTimeToLive: defaultMessageTimeToLive
      enableBatchedOperations: true
    }
  }
]

// A SQL filter replaces the subscription's default rule (which matches every message).
resource subscriptionFilters 'Microsoft.ServiceBus/namespaces/topics/subscriptions/rules@2026-01-01' = [
  for (subscription, i) in subscriptions: if (!empty(subscription.?sqlFilter ?? '')) {
    parent: topicSubscriptions[i]
    name: '$Default'
    properties: {
      filterType: 'SqlFilter'
      sqlFilter: {
        sqlExpression: subscription.?sqlFilter ?? ''
      }
    }
  }
]

@description('Name of the Service Bus namespace.')
output name string = namespace.name

@description('Fully qualified host name of the namespace (<name>.servicebus.windows.net in the public cloud).')
// serviceBusEndpoint is "https://<name>.servicebus.windows.net:443/": keep the host only, so sovereign clouds work too.
output fullyQualifiedNamespace string = first(split(split(namespace.properties.serviceBusEndpoint, '/')[2], ':'))

@description('Name of the topic.')
output topicName string = topic.name

@description('Names of the topic\'s subscriptions.')
output subscriptionNames string[] = [for (subscription, i) in subscriptions: topicSubscriptions[i].name]

// privatelink-autopilot: the function app, its storage and monitoring, a user-assigned identity with two custom roles
// (endpoints and connections on the scope subscriptions; records on the DNS zone resource groups), and per scope
// subscription a Microsoft.Resources.Subscriptions system topic. The Event Grid subscriptions on those topics are
// created after the code is deployed (infra/events.bicep, run by the azd postdeploy hook). See docs/deploy.md.
targetScope = 'subscription'

// ---------- Environment ----------

@minLength(1)
@maxLength(40)
@description('azd environment name: names and tags every resource.')
param environmentName string

@minLength(1)
@description('Region of the function app, its storage and monitoring (one where Flex Consumption is offered).')
@metadata({ azd: { type: 'location' } })
param location string

@description('Resource group for the function app, storage and monitoring. Empty: rg-<environmentName>.')
param resourceGroupName string = ''

// ---------- Scope ----------

@description('Comma-separated IDs of the subscriptions whose endpoints, targets and connections the autopilot may touch; each gets the workload role and a system topic. Empty: the deployment subscription only.')
param scopeSubscriptionIds string = ''

@description('Subscription holding the privatelink.* zones. Empty: the first scope subscription.')
param dnsZoneSubscriptionId string = ''

@description('Comma-separated resource groups holding the zones (the hub DNS groups); the DNS role is assigned on each. Empty: the whole zone subscription.')
param dnsZoneResourceGroupNames string = ''

@description('Which zone copy serves endpoints that links and peerings do not place: "region:<region>=<zone resource group>" or "subscription:<id>=<zone resource group>", comma-separated (docs/settings.md). Empty: none.')
param dnsZonePlacement string = ''

// ---------- Events ----------

@allowed([
  'function'
  'queue'
])
@description('function: Event Grid pushes to the resourceEvents function (AzureFunction endpoint, no keys). queue: to the Storage queue autopilot-events, read by resourceEventsQueue; choose it when the function app only has a private endpoint.')
param eventDelivery string = 'function'

@description('Resource group created in each scope subscription for its system topic.')
param eventsResourceGroupName string = ''

@minValue(1)
@maxValue(30)
@description('Event Grid delivery attempts before an event is dead-lettered.')
param eventMaxDeliveryAttempts int = 30

@minValue(1)
@maxValue(1440)
@description('Minutes Event Grid keeps retrying an event before it is dead-lettered.')
param eventTimeToLiveInMinutes int = 1440

// ---------- Function app ----------

@minValue(0)
@description('Always-ready instances for the durable group (orchestrators, activities, entities), so an event storm does not wait on cold starts.')
param durableAlwaysReadyInstances int = 1

@minValue(1)
@maxValue(1000)
@description('Most instances the Flex Consumption app scales out to. ARM throttles per principal, so more rarely helps.')
param maximumInstanceCount int = 40

@allowed([
  512
  2048
  4096
])
@description('Memory per instance, in MB.')
param instanceMemoryMB int = 2048

// Azure Functions follows the Node.js lifecycle: Node.js 20 reached end of life on 2026-04-30.
@allowed([
  '22'
  '24'
])
@description('Node.js version the function app runs on (Flex Consumption): 22 (its default) or 24.')
param nodeVersion string = '22'

// ---------- App settings: one parameter per setting src/core/settings.ts reads ----------

@description('AUTOPILOT_POLICY_SOURCE: "file:<path in the package>" or "inline:<policy JSON>". Empty: no policy, nothing is approved.')
param policySource string = ''

@description('AUTOPILOT_DRY_RUN: plan and report only. On at first deploy: read the outcome logs, then set false to enforce.')
param dryRun bool = true

@description('AUTOPILOT_SWEEP_SCHEDULE: orphan sweep timer, NCRONTAB with six fields.')
param sweepSchedule string = '0 0 */6 * * *'

@description('AUTOPILOT_RECONCILE_SCHEDULE: periodic whole-scope pass (creates and fixes records, deletes none), NCRONTAB with six fields.')
param reconcileSchedule string = '0 30 * * * *'

@minValue(0)
@description('AUTOPILOT_SWEEP_GRACE_MINUTES: how long an orphan stays marked before it is deleted.')
param sweepGraceMinutes int = 1440

@minValue(0)
@description('AUTOPILOT_SWEEP_MAX_DELETIONS: deletions per sweep at most.')
param sweepMaxDeletions int = 50

@allowed([
  'owned-only'
  'adopt'
  'adopt-and-delete'
])
@description('AUTOPILOT_OWNERSHIP_MODE: which records may be changed: only ours, or also adopted ones.')
param ownershipMode string = 'owned-only'

@description('AUTOPILOT_CATALOGUE_EXTENSIONS: extra catalogue entries (see docs/catalogue.md).')
param catalogueExtensions catalogueEntry[] = []

@description('AUTOPILOT_INSTANCE_ID: written on every record this instance owns; instances never touch each other\'s records.')
param instanceId string = 'default'

@minValue(1)
@description('AUTOPILOT_RECORD_TTL_SECONDS: TTL of the records the autopilot writes.')
param recordTtlSeconds int = 10

@minValue(1)
@maxValue(3600)
@description('AUTOPILOT_ARM_REQUEST_TIMEOUT_SECONDS: how long one ARM request attempt may take before it is abandoned (and retried).')
param armRequestTimeoutSeconds int = 60

@minValue(1)
@maxValue(86400)
@description('AUTOPILOT_RUN_DEADLINE_SECONDS: how long one activity or CLI run may take; just under the functions\' 10-minute timeout by default.')
param runDeadlineSeconds int = 540

@description('AUTOPILOT_TASK_HUB: Durable Functions task hub (host.json), 3-45 letters and digits.')
param taskHub string = 'PrivateLinkAutopilot'

@description('AUTOPILOT_ARM_ENDPOINT: Resource Manager endpoint. Empty: this cloud\'s (environment().resourceManager).')
param armEndpoint string = ''

// ---------- Outcome events and alerts (docs/outcome-events.md) ----------

@description('Create an Event Grid custom topic (CloudEvents 1.0) for the outcome events and grant the app identity EventGrid Data Sender on it.')
param outcomeTopicEnabled bool = false

@description('Resource ID of an existing Event Grid custom topic (CloudEvents 1.0 input) for the outcome events: the app identity gets EventGrid Data Sender on it. Ignored when outcomeTopicEnabled.')
param outcomeTopicId string = ''

@description('AUTOPILOT_OUTCOME_TOPIC_ENDPOINT of a topic infra does not grant on (its owner gives the app identity EventGrid Data Sender); used when neither outcomeTopicEnabled nor outcomeTopicId is set. Empty: no outcome events.')
param outcomeTopicEndpoint string = ''

@description('Create the Azure Monitor alert rules on the outcome lines (each can also be turned off on its own).')
param alertsEnabled bool = true

@description('Addresses the alerts are e-mailed to (an action group). Empty: no action group; fired alerts show in Azure Monitor.')
param alertEmails string[] = []

@minValue(0)
@description('Alert when at least this many resources\' latest run of the last hour is incomplete. 0: off.')
param alertIncompleteRunsThreshold int = 1

@description('Alert when a run of the last hour found names in conflict.')
param alertConflicts bool = true

@minValue(0)
@maxValue(47)
@description('Alert when a connection has waited this many hours for a person. 0: off.')
param alertPendingForHumanHours int = 24

@minValue(0)
@maxValue(48)
@description('Alert when no orphan sweep has ended for this many hours (keep it above the sweepSchedule interval). 0: off.')
param alertSweepLateHours int = 7

@description('Orchestration name of the periodic pass (src/orchestrations/contract.ts PERIODIC_RECONCILE); with alertPeriodicPassLateHours, alert when it has not run. Empty: no rule.')
param alertPeriodicPassOrchestration string = 'periodicReconcile'

@minValue(0)
@maxValue(48)
@description('Alert when the periodic pass has not ended for this many hours (keep it above the reconcileSchedule interval). 0: off.')
param alertPeriodicPassLateHours int = 3

// ---------- Types ----------

// The shape docs/catalogue.md describes. Not sealed: the app validates every field at start-up and names what is wrong.
@description('A catalogue entry: which private DNS zone holds the records of a service\'s endpoints.')
type catalogueEntry = {
  @description('The service, shown in explanations.')
  service: string

  @description('AzureCloud (default), AzureUSGovernment or AzureChinaCloud.')
  cloud: ('AzureCloud' | 'AzureUSGovernment' | 'AzureChinaCloud')?

  @description('The endpoint target\'s resource type; required unless aliasPattern is set.')
  resourceType: string?

  @description('Group IDs (subresources) the entry covers.')
  groupIds: string[]?

  @description('For Private Link Services reached by alias: the alias pattern.')
  aliasPattern: string?

  @description('The zone rules.')
  zones: catalogueZone[]
}

@description('A catalogue entry\'s zone rule: a private DNS zone and the public names whose records go there.')
type catalogueZone = {
  @description('The recommended private DNS zone (a DNS name pattern).')
  zone: string

  @description('Public suffixes whose names map into the zone.')
  publicSuffixes: string[]?

  @description('Other zone names to use if they exist.')
  alternativeZones: string[]?

  @description('Alias entries only: the record for each endpoint IP, usually *.')
  aliasRecord: string?
}

// ---------- Names ----------

var token = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var listedScopes = filter(map(split(scopeSubscriptionIds, ','), id => trim(id)), id => !empty(id))
var scopes = empty(listedScopes) ? [subscription().subscriptionId] : listedScopes
var dnsZoneResourceGroups = filter(map(split(dnsZoneResourceGroupNames, ','), group => trim(group)), group => !empty(group))
var zoneSubscription = empty(dnsZoneSubscriptionId) ? scopes[0] : dnsZoneSubscriptionId
var eventsGroup = empty(eventsResourceGroupName) ? 'rg-${environmentName}-events' : eventsResourceGroupName
var systemTopicName = 'evgt-${environmentName}-resources'
var functionAppName = 'func-${environmentName}-${token}'
var eventsQueueName = 'autopilot-events'
var deadLetterContainerName = 'autopilot-deadletter'
var cloudArmEndpoint = environment().resourceManager
var outcomeTopicParts = split(outcomeTopicId, '/')
var useExistingOutcomeTopic = !outcomeTopicEnabled && !empty(outcomeTopicId)
var armOrigin = empty(armEndpoint) ? (endsWith(cloudArmEndpoint, '/') ? take(cloudArmEndpoint, length(cloudArmEndpoint) - 1) : cloudArmEndpoint) : armEndpoint

// Every setting src/core/settings.ts reads, except AUTOPILOT_EMULATOR_CA_FILE (local emulator only): test/infra checks.
var autopilotSettings = {
  AUTOPILOT_SCOPE_SUBSCRIPTIONS: join(scopes, ',')
  AUTOPILOT_DNS_ZONE_SUBSCRIPTION: zoneSubscription
  AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS: join(dnsZoneResourceGroups, ',')
  AUTOPILOT_DNS_ZONE_PLACEMENT: dnsZonePlacement
  AUTOPILOT_POLICY_SOURCE: policySource
  AUTOPILOT_DRY_RUN: string(dryRun)
  AUTOPILOT_SWEEP_SCHEDULE: sweepSchedule
  AUTOPILOT_RECONCILE_SCHEDULE: reconcileSchedule
  AUTOPILOT_SWEEP_GRACE_MINUTES: string(sweepGraceMinutes)
  AUTOPILOT_SWEEP_MAX_DELETIONS: string(sweepMaxDeletions)
  AUTOPILOT_OWNERSHIP_MODE: ownershipMode
  AUTOPILOT_CATALOGUE_EXTENSIONS: string(catalogueExtensions)
  AUTOPILOT_INSTANCE_ID: instanceId
  AUTOPILOT_RECORD_TTL_SECONDS: string(recordTtlSeconds)
  AUTOPILOT_ARM_REQUEST_TIMEOUT_SECONDS: string(armRequestTimeoutSeconds)
  AUTOPILOT_RUN_DEADLINE_SECONDS: string(runDeadlineSeconds)
  AUTOPILOT_TASK_HUB: taskHub
  AUTOPILOT_ARM_ENDPOINT: armOrigin
  AUTOPILOT_ARM_AUDIENCE: '${armOrigin}/.default'
  AUTOPILOT_OUTCOME_TOPIC_ENDPOINT: outcomeTopicEnabled
    ? outcomeTopic.?outputs.endpoint ?? ''
    : useExistingOutcomeTopic ? existingOutcomeTopic.?outputs.endpoint ?? '' : outcomeTopicEndpoint
  AZURE_CLIENT_ID: identity.outputs.clientId
}

// The custom roles' actions: exactly src/azure/arm-operations.ts (ARM_OPERATIONS and LINKED_ACCESS), test/infra checks.
var workloadRoleActions = [
  'Microsoft.Network/privateEndpoints/read'
  'Microsoft.Network/privateEndpoints/write'
  'Microsoft.Network/locations/operations/read'
  'Microsoft.Network/networkInterfaces/read'
  'Microsoft.Network/privateEndpoints/privateDnsZoneGroups/read'
  'Microsoft.Network/virtualNetworks/virtualNetworkPeerings/read'
  'Microsoft.DocumentDB/databaseAccounts/read'
  'Microsoft.DocumentDB/databaseAccounts/privateEndpointConnections/read'
  'Microsoft.DocumentDB/databaseAccounts/privateEndpointConnections/write'
  'Microsoft.DocumentDB/locations/operationsStatus/read'
  'Microsoft.DocumentDB/mongoClusters/read'
  'Microsoft.DocumentDB/mongoClusters/privateEndpointConnections/read'
  'Microsoft.DocumentDB/mongoClusters/privateEndpointConnections/write'
  'Microsoft.KeyVault/vaults/read'
  'Microsoft.KeyVault/vaults/privateEndpointConnections/read'
  'Microsoft.KeyVault/vaults/privateEndpointConnections/write'
  'Microsoft.Network/privateLinkServices/read'
  'Microsoft.Network/privateLinkServices/privateEndpointConnections/read'
  'Microsoft.Network/privateLinkServices/privateEndpointConnections/write'
  'Microsoft.Storage/storageAccounts/read'
  'Microsoft.Storage/storageAccounts/privateEndpointConnections/read'
  'Microsoft.Storage/storageAccounts/privateEndpointConnections/write'
  // Linked access, checked on the resources the endpoint refresh PUT references.
  'Microsoft.Network/virtualNetworks/subnets/join/action'
  'Microsoft.DocumentDB/databaseAccounts/PrivateEndpointConnectionsApproval/action'
  'Microsoft.Network/applicationSecurityGroups/joinIpConfiguration/action'
]

var dnsZoneRoleActions = [
  'Microsoft.Network/privateDnsZones/read'
  'Microsoft.Network/privateDnsZones/virtualNetworkLinks/read'
  'Microsoft.Network/privateDnsZones/A/read'
  'Microsoft.Network/privateDnsZones/A/write'
  'Microsoft.Network/privateDnsZones/A/delete'
]

var workloadRoleId = guid(tenant().tenantId, environmentName, 'privatelink-autopilot-workload')
var dnsZoneRoleId = guid(tenant().tenantId, environmentName, 'privatelink-autopilot-dns-zones')
var dnsZoneScopes = empty(dnsZoneResourceGroups) ? ['/subscriptions/${zoneSubscription}'] : map(dnsZoneResourceGroups, group => '/subscriptions/${zoneSubscription}/resourceGroups/${group}')

// ---------- The app ----------

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: empty(resourceGroupName) ? 'rg-${environmentName}' : resourceGroupName
  location: location
  tags: tags
}

module identity 'core/identity.bicep' = {
  scope: rg
  params: {
    name: 'id-${environmentName}-${token}'
    location: location
    tags: tags
  }
}

module monitoring 'core/monitoring.bicep' = {
  scope: rg
  params: {
    logAnalyticsName: 'log-${environmentName}-${token}'
    applicationInsightsName: 'appi-${environmentName}-${token}'
    location: location
    tags: tags
  }
}

module storage 'core/storage.bicep' = {
  scope: rg
  params: {
    name: 'st${take(token, 22)}'
    location: location
    tags: tags
    deploymentContainerName: 'app-package-${take(token, 12)}'
    eventsQueueName: eventsQueueName
    deadLetterContainerName: deadLetterContainerName
  }
}

module appAccess 'core/app-access.bicep' = {
  scope: rg
  params: {
    principalId: identity.outputs.principalId
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
  }
}

module functionApp 'app/function-app.bicep' = {
  scope: rg
  dependsOn: [
    appAccess
  ]
  params: {
    name: functionAppName
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: storage.outputs.deploymentContainerName
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    appSettings: autopilotSettings
    durableAlwaysReadyInstances: durableAlwaysReadyInstances
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    nodeVersion: nodeVersion
  }
}

module workbook 'monitoring/workbook.bicep' = {
  scope: rg
  params: {
    name: guid(rg.id, 'privatelink-autopilot-outcomes')
    location: location
    tags: tags
    applicationInsightsName: monitoring.outputs.applicationInsightsName
  }
}

// ---------- Outcome events: an optional custom topic the app identity may publish to; alerts on the outcome lines ----------

module outcomeTopic 'outcomes/topic.bicep' = if (outcomeTopicEnabled) {
  scope: rg
  params: {
    name: 'evgt-${environmentName}-outcomes'
    location: location
    tags: tags
    senderPrincipalId: identity.outputs.principalId
  }
}

module existingOutcomeTopic 'outcomes/existing-topic-sender.bicep' = if (useExistingOutcomeTopic) {
  scope: resourceGroup(outcomeTopicParts[2], outcomeTopicParts[4])
  params: {
    topicName: last(outcomeTopicParts)
    senderPrincipalId: identity.outputs.principalId
  }
}

module alerts 'outcomes/alerts.bicep' = if (alertsEnabled) {
  scope: rg
  params: {
    namePrefix: environmentName
    location: location
    tags: tags
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    emails: alertEmails
    incompleteRunsThreshold: alertIncompleteRunsThreshold
    conflictsAlert: alertConflicts
    pendingForHumanHours: alertPendingForHumanHours
    sweepLateHours: alertSweepLateHours
    periodicPassOrchestration: alertPeriodicPassOrchestration
    periodicPassLateHours: alertPeriodicPassLateHours
  }
}

// ---------- Least privilege: two custom roles ----------

module workloadRole 'core/role-definition.bicep' = {
  scope: subscription(scopes[0])
  params: {
    roleId: workloadRoleId
    purpose: 'workload'
    environmentName: environmentName
    actions: workloadRoleActions
    assignableScopes: map(scopes, id => '/subscriptions/${id}')
  }
}

module dnsZoneRole 'core/role-definition.bicep' = {
  scope: subscription(zoneSubscription)
  params: {
    roleId: dnsZoneRoleId
    purpose: 'dns-zones'
    environmentName: environmentName
    actions: dnsZoneRoleActions
    assignableScopes: dnsZoneScopes
  }
}

module workloadAssignments 'core/subscription-role-assignment.bicep' = [
  for id in scopes: {
    scope: subscription(id)
    dependsOn: [
      workloadRole
    ]
    params: {
      roleId: workloadRoleId
      principalId: identity.outputs.principalId
    }
  }
]

module dnsZoneSubscriptionAssignment 'core/subscription-role-assignment.bicep' = if (empty(dnsZoneResourceGroups)) {
  scope: subscription(zoneSubscription)
  dependsOn: [
    dnsZoneRole
  ]
  params: {
    roleId: dnsZoneRoleId
    principalId: identity.outputs.principalId
  }
}

module dnsZoneGroupAssignments 'core/resource-group-role-assignment.bicep' = [
  for group in dnsZoneResourceGroups: {
    scope: resourceGroup(zoneSubscription, group)
    dependsOn: [
      dnsZoneRole
    ]
    params: {
      roleId: dnsZoneRoleId
      principalId: identity.outputs.principalId
    }
  }
]

// ---------- Event Grid: a system topic per scope subscription ----------

module eventGroups 'events/resource-group.bicep' = [
  for id in scopes: {
    scope: subscription(id)
    params: {
      name: eventsGroup
      location: location
      tags: tags
    }
  }
]

module systemTopics 'events/system-topic.bicep' = [
  for (id, i) in scopes: {
    scope: resourceGroup(id, eventsGroup)
    dependsOn: [
      eventGroups[i]
    ]
    params: {
      name: systemTopicName
      tags: tags
    }
  }
]

module topicAccess 'events/topic-storage-access.bicep' = [
  for (id, i) in scopes: {
    scope: rg
    params: {
      topicPrincipalId: systemTopics[i].outputs.principalId
      storageAccountName: storage.outputs.name
      eventsQueueName: eventsQueueName
      deadLetterContainerName: deadLetterContainerName
      queueDelivery: eventDelivery == 'queue'
    }
  }
]

// ---------- Event Grid: the DNS zone subscription's topic (record events), unless it is a scope subscription's ----------

var zoneHasOwnTopic = !contains(map(scopes, id => toLower(id)), toLower(zoneSubscription))

module zoneEventGroup 'events/resource-group.bicep' = if (zoneHasOwnTopic) {
  scope: subscription(zoneSubscription)
  params: {
    name: eventsGroup
    location: location
    tags: tags
  }
}

module zoneSystemTopic 'events/system-topic.bicep' = if (zoneHasOwnTopic) {
  scope: resourceGroup(zoneSubscription, eventsGroup)
  dependsOn: [
    zoneEventGroup
  ]
  params: {
    name: systemTopicName
    tags: tags
  }
}

module zoneTopicAccess 'events/topic-storage-access.bicep' = if (zoneHasOwnTopic) {
  scope: rg
  params: {
    topicPrincipalId: zoneSystemTopic!.outputs.principalId
    storageAccountName: storage.outputs.name
    eventsQueueName: eventsQueueName
    deadLetterContainerName: deadLetterContainerName
    queueDelivery: eventDelivery == 'queue'
  }
}

// ---------- Outputs: azd keeps them in the environment; the postdeploy hook reads them ----------

@description('Region of the app (azd environment).')
output AZURE_LOCATION string = location

@description('Resource group of the app, its storage and monitoring.')
output AZURE_RESOURCE_GROUP string = rg.name

@description('Function app name.')
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name

@description('Function app resource ID: the postdeploy hook passes it to events.bicep.')
output AZURE_FUNCTION_APP_ID string = functionApp.outputs.id

@description('Scope subscription IDs, comma-separated: each gets the Event Grid subscriptions.')
output AUTOPILOT_SCOPE_SUBSCRIPTIONS string = join(scopes, ',')

@description('The DNS zone subscription: its system topic delivers A record set writes and deletes.')
output EVENTS_ZONE_SUBSCRIPTION string = zoneSubscription

@description('Resource group of the system topic in each scope subscription.')
output EVENTS_RESOURCE_GROUP string = eventsGroup

@description('System topic name in each scope subscription.')
output EVENTS_SYSTEM_TOPIC string = systemTopicName

@description('Event delivery mode: function or queue.')
output EVENTS_DELIVERY string = eventDelivery

@description('App storage account resource ID (events queue and dead letters).')
output EVENTS_STORAGE_ACCOUNT_ID string = storage.outputs.id

@description('Queue Event Grid delivers to in queue mode.')
output EVENTS_QUEUE string = eventsQueueName

@description('Blob container for dead-lettered events.')
output EVENTS_DEAD_LETTER_CONTAINER string = deadLetterContainerName

@description('Event Grid delivery attempts before dead-lettering.')
output EVENTS_MAX_DELIVERY_ATTEMPTS int = eventMaxDeliveryAttempts

@description('Minutes Event Grid retries an event before dead-lettering.')
output EVENTS_TTL_MINUTES int = eventTimeToLiveInMinutes

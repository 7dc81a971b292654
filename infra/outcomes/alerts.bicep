// Azure Monitor log alerts on the outcome lines (`autopilot.outcome {json}` traces, one per orchestration pass, in
// Application Insights), each optional, with an optional e-mail action group: runs left incomplete, conflicts, connections
// waiting for a human too long, and the sweep (or the periodic pass) not running on schedule. docs/outcome-events.md.
@description('Prefix of the rule and action group names (the azd environment name).')
param namePrefix string

@description('Region of the rules (the Application Insights component\'s).')
param location string

@description('Tags.')
param tags { *: string }

@description('The Application Insights component the outcome lines are in.')
param applicationInsightsName string

@description('Addresses the alerts are e-mailed to. Empty: no action group; fired alerts show in Azure Monitor only.')
param emails string[] = []

@minValue(0)
@description('Alert when at least this many resources\' latest run of the last hour is incomplete. 0: off.')
param incompleteRunsThreshold int = 1

@description('Alert when a run of the last hour found names in conflict.')
param conflictsAlert bool = true

@minValue(0)
@maxValue(47)
@description('Alert when a connection has waited for a person this many hours and its resource\'s latest run still lists it. 0: off.')
param pendingForHumanHours int = 24

@minValue(0)
@maxValue(48)
@description('Alert when no orphan sweep has ended for this many hours (the sweep runs every 6 hours by default). 0: off.')
param sweepLateHours int = 7

@description('Orchestration name of the periodic level-triggered pass (issue 19). Empty: no rule for it.')
param periodicPassOrchestration string = ''

@minValue(0)
@maxValue(48)
@description('Alert when the periodic pass (periodicPassOrchestration) has not ended for this many hours. 0: off.')
param periodicPassLateHours int = 0

// The outcome line prefix is src/orchestrations/outcome.ts OUTCOME_PREFIX: test/infra checks.
var outcomeLines = 'traces\n| where message startswith "autopilot.outcome "\n| extend outcome = parse_json(substring(message, strlen("autopilot.outcome ")))'
var latestPerResource = '${outcomeLines}\n| summarize arg_max(timestamp, outcome) by resourceId = tolower(tostring(outcome.resourceId))'

var incompleteRunsQuery = '${latestPerResource}\n| where tobool(outcome.complete) == false\n| project resourceId, orchestration = tostring(outcome.orchestration), failures = array_length(outcome.failures)'
var conflictsQuery = '${outcomeLines}\n| where toint(outcome.conflicts) > 0\n| mv-expand conflict = outcome.conflictNames\n| summarize runs = count() by resourceId = tostring(outcome.resourceId), fqdn = tostring(conflict.fqdn)'
var pendingQuery = '${outcomeLines}\n| mv-expand connection = outcome.pendingConnections\n| where isnotempty(connection)\n| summarize since = min(timestamp) by connectionId = tolower(tostring(connection.resourceId))\n| join kind=inner (${latestPerResource}\n    | mv-expand connection = outcome.pendingConnections\n    | where isnotempty(connection)\n    | project connectionId = tolower(tostring(connection.resourceId)), cause = tostring(connection.cause)) on connectionId\n| where since < ago(${pendingForHumanHours}h)\n| project connectionId, cause, since'
var sweepRanQuery = '${outcomeLines}\n| where tostring(outcome.orchestration) == "sweepOrphans"\n| project timestamp, complete = tobool(outcome.complete)'
var periodicPassRanQuery = '${outcomeLines}\n| where tostring(outcome.orchestration) == "${periodicPassOrchestration}"\n| project timestamp, complete = tobool(outcome.complete)'

var rules = [
  {
    key: 'incomplete-runs'
    enabled: incompleteRunsThreshold > 0
    displayName: 'Private Link Autopilot: runs left incomplete'
    description: 'Resources whose latest run in the last hour could not read or write everything (its failures say why).'
    severity: 2
    frequency: 'PT15M'
    window: 'PT1H'
    query: incompleteRunsQuery
    operator: 'GreaterThanOrEqual'
    threshold: max(incompleteRunsThreshold, 1)
  }
  {
    key: 'conflicts'
    enabled: conflictsAlert
    displayName: 'Private Link Autopilot: names in conflict'
    description: 'Runs of the last hour found a DNS name claimed by endpoints that disagree; the autopilot leaves it to a person.'
    severity: 2
    frequency: 'PT1H'
    window: 'PT1H'
    query: conflictsQuery
    operator: 'GreaterThanOrEqual'
    threshold: 1
  }
  {
    key: 'pending-for-human'
    enabled: pendingForHumanHours > 0
    displayName: 'Private Link Autopilot: connections waiting for a person'
    description: 'Private endpoint connections the policy left to a person ${pendingForHumanHours} hours ago or more, still listed by their resource\'s latest run.'
    severity: 3
    frequency: 'PT1H'
    window: 'P2D'
    query: pendingQuery
    operator: 'GreaterThanOrEqual'
    threshold: 1
  }
  {
    key: 'sweep-late'
    enabled: sweepLateHours > 0
    displayName: 'Private Link Autopilot: orphan sweep not run'
    description: 'No orphan sweep has ended in ${sweepLateHours} hours: the timer is not firing or the sweep cannot finish.'
    severity: 2
    frequency: 'PT1H'
    window: 'PT${max(sweepLateHours, 1)}H'
    query: sweepRanQuery
    operator: 'LessThan'
    threshold: 1
  }
  {
    key: 'periodic-pass-late'
    enabled: periodicPassLateHours > 0 && !empty(periodicPassOrchestration)
    displayName: 'Private Link Autopilot: periodic pass not run'
    description: 'No periodic pass has ended in ${periodicPassLateHours} hours.'
    severity: 2
    frequency: 'PT1H'
    window: 'PT${max(periodicPassLateHours, 1)}H'
    query: periodicPassRanQuery
    operator: 'LessThan'
    threshold: 1
  }
]

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = if (!empty(emails)) {
  name: 'ag-${namePrefix}-outcomes'
  location: 'Global'
  tags: tags
  properties: {
    groupShortName: 'autopilot'
    enabled: true
    emailReceivers: [
      for (email, i) in emails: {
        name: 'email-${i}'
        emailAddress: email
        useCommonAlertSchema: true
      }
    ]
  }
}

resource alertRules 'Microsoft.Insights/scheduledQueryRules@2026-03-01' = [
  for rule in filter(rules, r => r.enabled): {
    name: 'alert-${namePrefix}-${rule.key}'
    location: location
    tags: tags
    properties: {
      displayName: rule.displayName
      description: rule.description
      severity: rule.severity
      enabled: true
      evaluationFrequency: rule.frequency
      windowSize: rule.window
      scopes: [
        applicationInsights.id
      ]
      criteria: {
        allOf: [
          {
            query: rule.query
            timeAggregation: 'Count'
            operator: rule.operator
            threshold: rule.threshold
            failingPeriods: {
              numberOfEvaluationPeriods: 1
              minFailingPeriodsToAlert: 1
            }
          }
        ]
      }
      autoMitigate: true
      actions: {
        actionGroups: empty(emails) ? [] : [actionGroup.id]
      }
    }
  }
]

@description('Names of the alert rules created.')
output ruleNames string[] = [for (rule, i) in filter(rules, r => r.enabled): alertRules[i].name]

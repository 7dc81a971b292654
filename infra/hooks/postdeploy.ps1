# azd postdeploy: create the Event Grid subscriptions (infra/events.bicep) now that the resourceEvents function exists.
# Uses only the azd environment (main.bicep's outputs) and the signed-in Azure CLI; reads no key or secret.
$ErrorActionPreference = 'Stop'

if (-not (Get-Command az -ErrorAction SilentlyContinue)) {
  Write-Error 'postdeploy: the Azure CLI (az) is required to create the Event Grid subscriptions; see docs/deploy.md'
}

$names = @('AZURE_ENV_NAME', 'AZURE_LOCATION', 'AUTOPILOT_SCOPE_SUBSCRIPTIONS', 'EVENTS_RESOURCE_GROUP', 'EVENTS_SYSTEM_TOPIC',
  'EVENTS_DELIVERY', 'AZURE_FUNCTION_APP_ID', 'EVENTS_STORAGE_ACCOUNT_ID', 'EVENTS_QUEUE', 'EVENTS_DEAD_LETTER_CONTAINER',
  'EVENTS_MAX_DELIVERY_ATTEMPTS', 'EVENTS_TTL_MINUTES', 'EVENTS_ZONE_SUBSCRIPTION')
foreach ($name in $names) {
  if (-not [Environment]::GetEnvironmentVariable($name)) {
    Write-Error "postdeploy: $name is not in the azd environment; run 'azd provision' first"
  }
}

$template = Join-Path $PSScriptRoot '..' 'events.bicep'
# A freshly deployed Flex Consumption app lists its functions after the host syncs: retry a few times.
for ($attempt = 1; $attempt -le 5; $attempt++) {
  az deployment sub create `
    --name "autopilot-events-$env:AZURE_ENV_NAME" `
    --location $env:AZURE_LOCATION `
    --template-file $template `
    --parameters `
      "scopeSubscriptionIds=$env:AUTOPILOT_SCOPE_SUBSCRIPTIONS" `
      "eventsResourceGroupName=$env:EVENTS_RESOURCE_GROUP" `
      "systemTopicName=$env:EVENTS_SYSTEM_TOPIC" `
      "delivery=$env:EVENTS_DELIVERY" `
      "functionAppId=$env:AZURE_FUNCTION_APP_ID" `
      "storageAccountId=$env:EVENTS_STORAGE_ACCOUNT_ID" `
      "eventsQueueName=$env:EVENTS_QUEUE" `
      "deadLetterContainerName=$env:EVENTS_DEAD_LETTER_CONTAINER" `
      "maxDeliveryAttempts=$env:EVENTS_MAX_DELIVERY_ATTEMPTS" `
      "eventTimeToLiveInMinutes=$env:EVENTS_TTL_MINUTES" `
      "dnsZoneSubscriptionId=$env:EVENTS_ZONE_SUBSCRIPTION" `
    --only-show-errors --output none
  if ($LASTEXITCODE -eq 0) {
    Write-Host "postdeploy: Event Grid subscriptions in place for subscriptions $env:AUTOPILOT_SCOPE_SUBSCRIPTIONS and record events of zone subscription $env:EVENTS_ZONE_SUBSCRIPTION ($env:EVENTS_DELIVERY delivery)"
    exit 0
  }
  if ($attempt -lt 5) {
    Write-Host "postdeploy: waiting for the function app to list its functions (attempt $($attempt + 1) of 5)"
    Start-Sleep -Seconds 30
  }
}
Write-Error "postdeploy: the Event Grid subscriptions could not be created; run 'azd hooks run postdeploy' to retry"

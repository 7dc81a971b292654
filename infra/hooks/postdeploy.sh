#!/bin/sh
# azd postdeploy: create the Event Grid subscriptions (infra/events.bicep) now that the resourceEvents function exists.
# Uses only the azd environment (main.bicep's outputs) and the signed-in Azure CLI; reads no key or secret.
set -eu

if ! command -v az >/dev/null 2>&1; then
  echo "postdeploy: the Azure CLI (az) is required to create the Event Grid subscriptions; see docs/deploy.md" >&2
  exit 1
fi

for name in AZURE_ENV_NAME AZURE_LOCATION AUTOPILOT_SCOPE_SUBSCRIPTIONS EVENTS_RESOURCE_GROUP EVENTS_SYSTEM_TOPIC \
  EVENTS_DELIVERY AZURE_FUNCTION_APP_ID EVENTS_STORAGE_ACCOUNT_ID EVENTS_QUEUE EVENTS_DEAD_LETTER_CONTAINER \
  EVENTS_MAX_DELIVERY_ATTEMPTS EVENTS_TTL_MINUTES EVENTS_ZONE_SUBSCRIPTION; do
  eval "value=\${$name:-}"
  if [ -z "$value" ]; then
    echo "postdeploy: $name is not in the azd environment; run 'azd provision' first" >&2
    exit 1
  fi
done

# A freshly deployed Flex Consumption app lists its functions after the host syncs: retry a few times.
attempt=1
until az deployment sub create \
  --name "autopilot-events-${AZURE_ENV_NAME}" \
  --location "$AZURE_LOCATION" \
  --template-file "$(dirname "$0")/../events.bicep" \
  --parameters \
    scopeSubscriptionIds="$AUTOPILOT_SCOPE_SUBSCRIPTIONS" \
    eventsResourceGroupName="$EVENTS_RESOURCE_GROUP" \
    systemTopicName="$EVENTS_SYSTEM_TOPIC" \
    delivery="$EVENTS_DELIVERY" \
    functionAppId="$AZURE_FUNCTION_APP_ID" \
    storageAccountId="$EVENTS_STORAGE_ACCOUNT_ID" \
    eventsQueueName="$EVENTS_QUEUE" \
    deadLetterContainerName="$EVENTS_DEAD_LETTER_CONTAINER" \
    maxDeliveryAttempts="$EVENTS_MAX_DELIVERY_ATTEMPTS" \
    eventTimeToLiveInMinutes="$EVENTS_TTL_MINUTES" \
    dnsZoneSubscriptionId="$EVENTS_ZONE_SUBSCRIPTION" \
  --only-show-errors --output none; do
  if [ "$attempt" -ge 5 ]; then
    echo "postdeploy: the Event Grid subscriptions could not be created; run 'azd hooks run postdeploy' to retry" >&2
    exit 1
  fi
  attempt=$((attempt + 1))
  echo "postdeploy: waiting for the function app to list its functions (attempt $attempt of 5)"
  sleep 30
done
echo "postdeploy: Event Grid subscriptions in place for subscriptions $AUTOPILOT_SCOPE_SUBSCRIPTIONS and record events of zone subscription $EVENTS_ZONE_SUBSCRIPTION ($EVENTS_DELIVERY delivery)"

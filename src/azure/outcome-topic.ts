/**
 * The Event Grid custom topic that receives outcome events, through the SDK's EventGridPublisherClient (CloudEvents
 * 1.0). In Azure the app's managed identity publishes (`EventGrid Data Sender`); in emulator mode the local host's
 * receiver gets a placeholder key, so no real token ever goes to it.
 */
import { AzureKeyCredential, EventGridPublisherClient } from '@azure/eventgrid';
import { DefaultAzureCredential } from '@azure/identity';
import type { OutcomeEvent } from '../core/outcome-events';

export interface OutcomeTopicTarget {
  endpoint: string;
  /** User-assigned managed identity client ID (AZURE_CLIENT_ID). */
  managedIdentityClientId?: string;
  /** Emulator mode: the local host's receiver, which takes any key (never a token). */
  localReceiver?: boolean;
}

export interface OutcomeTopic {
  send(events: readonly OutcomeEvent[]): Promise<void>;
}

/** A publish may not hold a run up: a few quick retries, each attempt bounded, then it is a counted failure. */
const MAX_RETRIES = 2;
const SEND_TIMEOUT_MS = 15_000;
export const LOCAL_RECEIVER_KEY = 'privatelink-autopilot-local-receiver';

export function outcomeTopic(target: OutcomeTopicTarget): OutcomeTopic {
  const credential = target.localReceiver
    ? new AzureKeyCredential(LOCAL_RECEIVER_KEY)
    : new DefaultAzureCredential(
        target.managedIdentityClientId ? { managedIdentityClientId: target.managedIdentityClientId } : {},
      );
  const client = new EventGridPublisherClient(target.endpoint, 'CloudEvent', credential, {
    retryOptions: { maxRetries: MAX_RETRIES, retryDelayInMs: 500, maxRetryDelayInMs: 2_000 },
    // The local receiver is plain HTTP on loopback (settings allow it only in emulator mode); this client only.
    ...(target.localReceiver ? { allowInsecureConnection: true } : {}),
  });
  return {
    async send(events) {
      await client.send(
        events.map((event) => ({
          id: event.id,
          time: new Date(event.time),
          type: event.type,
          source: event.source,
          subject: event.subject,
          datacontenttype: 'application/json',
          data: event.data,
        })),
        { abortSignal: AbortSignal.timeout(SEND_TIMEOUT_MS) },
      );
    },
  };
}

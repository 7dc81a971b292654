/**
 * A stand-in for an Event Grid custom topic on 127.0.0.1: Event Grid's publish API (`POST /api/events`, a CloudEvents
 * batch as `application/cloudevents-batch+json; charset=utf-8`) answered as the topic does, every event kept, and one
 * line per event saying what a subscription would have routed. It speaks plain HTTP, so the app sends it a
 * placeholder key (emulator mode), never a token.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedEvent {
  specversion: string;
  id: string;
  type: string;
  source: string;
  subject?: string;
  time?: string;
  datacontenttype?: string;
  data?: unknown;
}

export interface OutcomeReceiver {
  /** The topic endpoint to give AUTOPILOT_OUTCOME_TOPIC_ENDPOINT. */
  endpoint: string;
  events: ReceivedEvent[];
  /** Each publish accepted: its content type and how it authenticated (`key`: aeg-sas-key, `token`: a bearer). */
  publishes: Array<{ contentType: string; auth: 'key' | 'token' }>;
  /** Answer every publish with this status (a failing topic) until set back to undefined. */
  failWith: number | undefined;
  close(): Promise<void>;
}

export const PUBLISH_PATH = '/api/events';
const CLOUD_EVENTS_BATCH = 'application/cloudevents-batch+json';
const MAX_BATCH_BYTES = 1024 * 1024;

/** `would route <type> <subject>`: what the local host prints per event. */
export function routedLine(event: ReceivedEvent): string {
  return `would route ${event.type} ${event.subject ?? '(no subject)'}`;
}

export async function startOutcomeReceiver(
  options: { onEvent?: (event: ReceivedEvent) => void } = {},
): Promise<OutcomeReceiver> {
  const events: ReceivedEvent[] = [];
  const publishes: OutcomeReceiver['publishes'] = [];
  const state: { failWith: number | undefined } = { failWith: undefined };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BATCH_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      const answer = (status: number, body?: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(body === undefined ? '' : JSON.stringify(body));
      };
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname !== PUBLISH_PATH) return answer(404, error('NotFound', url.pathname));
      if (req.method !== 'POST') return answer(405, error('MethodNotAllowed', String(req.method)));
      if (!url.searchParams.get('api-version')) return answer(400, error('BadRequest', 'api-version is required'));
      if (!req.headers['aeg-sas-key'] && !req.headers.authorization)
        return answer(401, error('Unauthorized', 'a key (aeg-sas-key) or a token is required'));
      const type = String(req.headers['content-type'] ?? '');
      if (!type.toLowerCase().startsWith(CLOUD_EVENTS_BATCH))
        return answer(415, error('UnsupportedMediaType', `expected ${CLOUD_EVENTS_BATCH}, got "${type}"`));
      if (size > MAX_BATCH_BYTES) return answer(413, error('PayloadTooLarge', `${size} bytes`));
      if (state.failWith !== undefined) return answer(state.failWith, error('InternalServerError', 'failing topic'));
      let batch: unknown;
      try {
        batch = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return answer(400, error('BadRequest', 'the body is not JSON'));
      }
      if (!Array.isArray(batch) || !batch.every(isCloudEvent))
        return answer(400, error('BadRequest', 'expected an array of CloudEvents 1.0 (specversion, id, type, source)'));
      publishes.push({ contentType: type, auth: req.headers['aeg-sas-key'] ? 'key' : 'token' });
      for (const event of batch) {
        events.push(event);
        options.onEvent?.(event);
      }
      answer(200);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}${PUBLISH_PATH}`,
    events,
    publishes,
    get failWith() {
      return state.failWith;
    },
    set failWith(status: number | undefined) {
      state.failWith = status;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function isCloudEvent(value: unknown): value is ReceivedEvent {
  const event = value as Partial<ReceivedEvent> | null;
  return (
    typeof event === 'object' &&
    event !== null &&
    event.specversion === '1.0' &&
    typeof event.id === 'string' &&
    typeof event.type === 'string' &&
    typeof event.source === 'string'
  );
}

function error(code: string, message: string) {
  return { error: { code, message } };
}

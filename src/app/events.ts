/**
 * What the event triggers do with a delivery (Event Grid push or a Storage queue message): route each event, then
 * start or signal the one orchestration of the resource it concerns. Out-of-scope and ignored events start nothing
 * and are logged with the router's reason; a malformed event is logged and never hides the others.
 */
import { routeContextOf, routeDelivery, type ActionableEvent, type RecordEvent } from '../core/events';
import { loggable } from '../core/log-text';
import type { Settings } from '../core/settings';
import {
  ENDPOINT_DELETED,
  instanceIdFor,
  RECONCILE_TARGET,
  RECONCILE_ZONE,
  type RecordEventNote,
} from '../orchestrations/contract';
import { requireAppSettings } from './settings';
import { startOrSignal, type InstanceClient, type SignalRequest } from './starter';

export interface DispatchOptions {
  client: InstanceClient;
  log: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  /** How long a starter may wait out an instance's closing step (default 30 s: three closing windows). */
  closingWaitMs?: number;
}

export interface DispatchSummary {
  started: number;
  signalled: number;
  ignored: number;
  rejected: number;
}

export async function dispatchDelivery(body: unknown, options: DispatchOptions): Promise<DispatchSummary> {
  const { settings, scope } = requireAppSettings(options.env);
  // Events carry text their sender chose (IDs, subjects): bounded and escaped in every line.
  const log = (line: string) => options.log(loggable(line));
  const delivery = await routeDelivery(body, routeContextOf(settings, scope.subscriptions));
  const summary: DispatchSummary = { started: 0, signalled: 0, ignored: 0, rejected: delivery.errors.length };
  for (const error of delivery.errors)
    log(
      `${error.field === 'delivery' ? 'delivery' : 'event'} rejected: ${error.message}${error.eventId ? ` (event ${error.eventId})` : ''}`,
    );
  const failed: string[] = [];
  for (const event of delivery.results) {
    if (event.intent === 'ignored') {
      summary.ignored += 1;
      log(`event ${event.eventId} ignored: ${event.reason}${event.resourceId ? ` (${event.resourceId})` : ''}`);
      continue;
    }
    const request = signalRequestFor(event, settings);
    try {
      const outcome = await startOrSignal(options.client, request, { closingWaitMs: options.closingWaitMs ?? 30_000 });
      summary[outcome] += 1;
      log(
        `event ${event.eventId} ${event.intent}: ${outcome} ${request.orchestration} ${request.instanceId} for ${event.subjectId} (${event.reason})`,
      );
    } catch (error) {
      failed.push(loggable(`event ${event.eventId}: ${error instanceof Error ? error.message : String(error)}`, 500));
    }
  }
  // The others went through; failing the invocation makes Event Grid (or the queue) deliver it again.
  if (failed.length > 0)
    throw new Error(`could not start or signal ${failed.length} orchestration(s): ${failed.join('; ')}`);
  return summary;
}

export function signalRequestFor(
  event: ActionableEvent | RecordEvent,
  settings: Pick<Settings, 'dryRun'>,
): SignalRequest {
  const reason = `${event.intent} (${event.operationName || event.eventType})`;
  if (event.subjectKind === 'zone-copy') {
    const note: RecordEventNote = {
      recordSetId: event.recordSetId,
      change: event.intent === 'record-written' ? 'written' : 'deleted',
    };
    return {
      orchestration: RECONCILE_ZONE,
      instanceId: instanceIdFor(RECONCILE_ZONE, event.orchestrationKey),
      input: { zoneId: event.zoneId, dryRun: settings.dryRun, notes: [note] },
      reason,
      note: { ...note },
    };
  }
  if (event.intent === 'endpoint-deleted') {
    return {
      orchestration: ENDPOINT_DELETED,
      instanceId: instanceIdFor(ENDPOINT_DELETED, event.orchestrationKey),
      input: { endpointId: event.subjectId, dryRun: settings.dryRun },
      reason,
    };
  }
  return {
    orchestration: RECONCILE_TARGET,
    instanceId: instanceIdFor(RECONCILE_TARGET, event.orchestrationKey),
    input: { resourceId: event.subjectId, dryRun: settings.dryRun },
    reason,
  };
}

/**
 * One orchestration instance per resource, and a change that arrives during a pass is never lost: it makes the
 * instance run exactly once more. Durable Functions v3 has three traps here, and each is closed:
 *
 * 1. `startNew` on a running instance ID is refused (the extension answers 500 "already exists"): we read the status
 *    first, and when a concurrent starter won the race, we fall through to signalling the instance it started.
 * 2. `raiseEvent` on an instance that has just completed answers 410 and the JS client resolves without error, so
 *    the event is silently dropped: after raising, we read the status again; an instance that is no longer running
 *    may have dropped it, so we start a fresh pass (which begins after our change, so it sees it).
 * 3. `continueAsNew` drops events it has not processed: that is what coalesces a storm (50 events during a pass
 *    make one rerun), and it is safe because every dropped event was raised before the rerun began observing.
 *
 * The one window left is the orchestrator's closing step: it waits a short while for a rerun event, then completes.
 * An event raised during that window may lose the race to the closing timer and be dropped with the completion. The
 * orchestrator publishes the window in its custom status (`phase: 'closing'`), so a starter that raised into it waits
 * until the instance has either continued (the event was consumed, or dropped by the rerun it caused) or ended (then
 * it starts a new pass). An event raised before the window opens is queued ahead of the closing timer and consumed.
 */
import {
  RECONCILE_TARGET,
  RERUN_EVENT,
  type IncompleteRun,
  type PassStatus,
  type SignalOutcome,
} from '../orchestrations/contract';
import { isPlainObject } from '../core/plain-object';

/** The slice of durable-functions' DurableClient the starter needs (tests pass a fake). */
export interface InstanceClient {
  startNew(orchestration: string, options: { instanceId: string; input: unknown }): Promise<string>;
  raiseEvent(instanceId: string, eventName: string, eventData: unknown): Promise<void>;
  getStatus(instanceId: string): Promise<{ runtimeStatus?: unknown; customStatus?: unknown } | undefined>;
}

export interface SignalRequest {
  orchestration: string;
  instanceId: string;
  /** The input of a new instance. */
  input: unknown;
  /** The rerun event's data (for the timeline: why). */
  reason: string;
  /** What the running instance should know of this change (a record event's note), carried in the rerun event. */
  note?: Record<string, unknown>;
}

export interface SignalOptions {
  /** How long to wait out an instance's closing step before failing (so the trigger is retried). */
  closingWaitMs: number;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const ACTIVE = new Set(['pending', 'running', 'continuedasnew']);
const MAX_ATTEMPTS = 5;

export async function startOrSignal(
  client: InstanceClient,
  request: SignalRequest,
  options: SignalOptions,
): Promise<SignalOutcome> {
  const { instanceId } = request;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const before = await statusOf(client, instanceId);
    if (!isActive(before)) {
      try {
        await client.startNew(request.orchestration, { instanceId, input: carryIncomplete(request, before) });
        return 'started';
      } catch (error) {
        // Refused because another starter has just started it: signal that one instead.
        if (isActive(await statusOf(client, instanceId))) continue;
        throw error;
      }
    }
    await client.raiseEvent(instanceId, RERUN_EVENT, {
      reason: request.reason,
      ...(request.note ? { note: request.note } : {}),
    });
    const after = await statusOf(client, instanceId);
    if (!isActive(after)) continue;
    const pass = passStatusOf(after);
    if (pass?.phase !== 'closing') return 'signalled';
    if ((await waitOutClosing(client, instanceId, pass.pass, options)) === 'continued') return 'signalled';
  }
  throw new Error(`${instanceId}: could neither start nor signal the orchestration after ${MAX_ATTEMPTS} attempts`);
}

type Status = Awaited<ReturnType<InstanceClient['getStatus']>>;

/**
 * A resource's new run carries on the incomplete streak its ended instance recorded (since when), so health's "since"
 * does not restart when an event, rather than the periodic timer, starts the resource again.
 */
function carryIncomplete(request: SignalRequest, before: Status): unknown {
  const incomplete = incompleteOf(before?.customStatus);
  if (request.orchestration !== RECONCILE_TARGET || !incomplete || !isPlainObject(request.input)) return request.input;
  return 'incomplete' in request.input ? request.input : { ...request.input, incomplete };
}

/** The reconcileTarget instances among `statuses` whose latest run was incomplete, with the streak each records. */
export function incompleteRunsOf(
  statuses: ReadonlyArray<{ instanceId?: unknown; name?: unknown; runtimeStatus?: unknown; customStatus?: unknown }>,
): Array<{ instanceId: string; runtimeStatus: string; run: IncompleteRun }> {
  return statuses.flatMap((status) => {
    const run = status.name === RECONCILE_TARGET ? incompleteOf(status.customStatus) : undefined;
    return run && typeof status.instanceId === 'string'
      ? [{ instanceId: status.instanceId, runtimeStatus: String(status.runtimeStatus), run }]
      : [];
  });
}

/** The incomplete streak an instance's custom status records, when it is well-formed. */
function incompleteOf(customStatus: unknown): IncompleteRun | undefined {
  const candidate = (customStatus as { incomplete?: Partial<IncompleteRun> } | undefined)?.incomplete;
  return candidate &&
    typeof candidate.since === 'string' &&
    typeof candidate.resourceId === 'string' &&
    isPlainObject(candidate.subject) &&
    Array.isArray(candidate.failures)
    ? (candidate as IncompleteRun)
    : undefined;
}

/** The status, or undefined when no such instance exists (the client throws on 404). */
export async function statusOf<S>(
  client: { getStatus(instanceId: string): Promise<S> },
  instanceId: string,
): Promise<S | undefined> {
  try {
    return await client.getStatus(instanceId);
  } catch (error) {
    if (/\b404\b|No instance|could not find/i.test(error instanceof Error ? error.message : String(error)))
      return undefined;
    throw error;
  }
}

/** Pending, Running or between executions: a start would be refused, an event will be delivered. */
export function isActive(status: { runtimeStatus?: unknown } | undefined): boolean {
  return typeof status?.runtimeStatus === 'string' && ACTIVE.has(status.runtimeStatus.toLowerCase());
}

function passStatusOf(status: Status): PassStatus | undefined {
  const custom = status?.customStatus as Partial<PassStatus> | undefined;
  return custom && typeof custom.pass === 'number' && typeof custom.phase === 'string'
    ? { phase: custom.phase, pass: custom.pass }
    : undefined;
}

async function waitOutClosing(
  client: InstanceClient,
  instanceId: string,
  pass: number,
  options: SignalOptions,
): Promise<'continued' | 'ended'> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const pollMs = options.pollMs ?? 250;
  for (let waited = 0; waited <= options.closingWaitMs; waited += pollMs) {
    await sleep(pollMs);
    const status = await statusOf(client, instanceId);
    if (!isActive(status)) return 'ended';
    const now = passStatusOf(status);
    if (now && (now.pass > pass || now.phase !== 'closing')) return 'continued';
  }
  throw new Error(`${instanceId}: still closing after ${options.closingWaitMs} ms; the trigger will be retried`);
}

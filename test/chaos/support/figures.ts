/**
 * What a run cost and what it survived, from the emulator's request log (every ARM request the app made, with the
 * injected fault that fired on it) and the host's log lines (which events reached the app, how often).
 */
import type { RunningEmulator } from '@privatelink-autopilot/arm-emulator';
import type { LoggedRequest } from '../../e2e/support';

type Logged = LoggedRequest & { fault?: string };

export interface Figures {
  /** Injected faults that fired, by kind (ARM faults, host crashes, duplicated, late and forged events). */
  injected: Record<string, number>;
  injectedTotal: number;
  /** ARM faults whose request the app sent again until it went through. */
  retried: number;
  /** The other faults: absorbed without repeating that request (a re-plan, a later pass, a replay). */
  absorbed: number;
  calls: { reads: number; writes: number; deletes: number; throttledByArm: number };
  events: { emitted: number; deliveries: number };
  writes: { records: number; recordDeletes: number; refreshes: number; decisions: number; other: number };
  /** Deletes right when sent that an endpoint claimed by the time ARM applied them (see invariants.ts). */
  inFlightRaces: number;
  elapsedMs: number;
}

export interface FigureInputs {
  log: Logged[];
  lines: string[];
  emulator: RunningEmulator;
  crashes: number;
  mischief: { late: number; forged: number };
  eventFaults: { duplicateProbability: number; reorder: boolean };
  elapsedMs: number;
  writes: Figures['writes'];
  inFlightRaces: number;
}

const EVENT_LINE =
  /\bevent ([0-9a-f-]{36}) (ignored|reconcile-target|endpoint-written|endpoint-deleted|connection-changed)\b/;

export function figuresOf(input: FigureInputs): Figures {
  const injected: Record<string, number> = {};
  const bump = (kind: string, n = 1) => {
    if (n > 0) injected[kind] = (injected[kind] ?? 0) + n;
  };
  let retried = 0;
  input.log.forEach((entry, i) => {
    if (!entry.fault) return;
    bump(entry.fault);
    const later = input.log
      .slice(i + 1)
      .some((e) => e.method === entry.method && e.path === entry.path && e.status > 0 && e.status < 400 && !e.fault);
    if (later) retried += 1;
  });
  const armFaults = Object.values(injected).reduce((a, b) => a + b, 0);

  const deliveries = new Map<string, number>();
  for (const line of input.lines) {
    const id = EVENT_LINE.exec(line)?.[1];
    if (id) deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
  }
  const repeats = [...deliveries.values()].reduce((n, count) => n + count - 1, 0);
  bump('crash', input.crashes);
  bump('late-event', input.mischief.late);
  bump('forged-event', input.mischief.forged);
  // Deliveries beyond the first are Event Grid's duplicates (or the late events above, counted once there).
  bump('duplicate-event', Math.max(0, repeats - input.mischief.late));
  if (input.eventFaults.reorder) bump('reordered-batches', 1);

  const calls = { reads: 0, writes: 0, deletes: 0, throttledByArm: 0 };
  for (const entry of input.log) {
    if (entry.method === 'GET' || entry.method === 'HEAD') calls.reads += 1;
    else if (entry.method === 'DELETE') calls.deletes += 1;
    else calls.writes += 1;
    if (entry.status === 429 && !entry.fault) calls.throttledByArm += 1;
  }
  const injectedTotal = Object.values(injected).reduce((a, b) => a + b, 0);
  return {
    injected,
    injectedTotal,
    retried,
    absorbed: armFaults - retried,
    calls,
    events: {
      emitted: input.emulator.events.emitted().length,
      deliveries: [...deliveries.values()].reduce((a, b) => a + b, 0),
    },
    writes: input.writes,
    inFlightRaces: input.inFlightRaces,
    elapsedMs: input.elapsedMs,
  };
}

export function describeFigures(seed: number, f: Figures, ok: boolean): string {
  const kinds = Object.entries(f.injected)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  const calls = f.calls.reads + f.calls.writes + f.calls.deletes;
  return (
    `chaos seed ${seed}: ${ok ? 'ok' : 'FAILED'} in ${(f.elapsedMs / 1000).toFixed(1)} s | ` +
    `faults injected ${f.injectedTotal}${kinds ? ` (${kinds})` : ''}, survived ${ok ? f.injectedTotal : 'not all'} (ARM requests retried through ${f.retried}, absorbed ${f.absorbed}) | ` +
    `ARM calls ${calls} (${f.calls.reads} reads, ${f.calls.writes} writes, ${f.calls.deletes} deletes; ${f.calls.throttledByArm} throttled by ARM) | ` +
    `events ${f.events.emitted} emitted, ${f.events.deliveries} reached the app | ` +
    `app wrote ${f.writes.records} record sets (${f.writes.recordDeletes} of them deletes), ${f.writes.refreshes} refreshes, ${f.writes.decisions} decisions` +
    (f.inFlightRaces > 0 ? ` | ${f.inFlightRaces} delete(s) raced in flight` : '')
  );
}

/** One run as the summary needs it (also written by each shard for the suite's closing line). */
export interface RunRecord {
  seed: number;
  ok: boolean;
  figures?: Figures;
}

/** One line for many runs: how many passed, faults injected by kind and survived, ARM calls spent. */
export function summarise(records: readonly RunRecord[], label: string): string {
  const done = records.filter((r): r is RunRecord & { figures: Figures } => r.figures !== undefined);
  const sum = (pick: (f: Figures) => number, among = done) => among.reduce((n, r) => n + pick(r.figures), 0);
  const byKind = new Map<string, number>();
  for (const r of done)
    for (const [kind, n] of Object.entries(r.figures.injected)) byKind.set(kind, (byKind.get(kind) ?? 0) + n);
  const kinds = [...byKind]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  const failed = records
    .filter((r) => !r.ok)
    .map((r) => r.seed)
    .sort((a, b) => a - b);
  const seeds = records.map((r) => r.seed);
  const calls = sum((f) => f.calls.reads + f.calls.writes + f.calls.deletes);
  return (
    `${label}: ${records.length} runs (seeds ${Math.min(...seeds)}–${Math.max(...seeds)}), ${records.length - failed.length} passed` +
    `${failed.length > 0 ? `, FAILED seeds ${failed.join(', ')}` : ''} | ` +
    `faults injected ${sum((f) => f.injectedTotal)}${kinds ? ` (${kinds})` : ''}, survived ${sum(
      (f) => f.injectedTotal,
      done.filter((r) => r.ok),
    )} ` +
    `(ARM requests retried through ${sum((f) => f.retried)}) | ` +
    `ARM calls ${calls} (${sum((f) => f.calls.reads)} reads, ${sum((f) => f.calls.writes)} writes, ${sum((f) => f.calls.deletes)} deletes; ` +
    `${sum((f) => f.calls.throttledByArm)} throttled by ARM; ${done.length > 0 ? Math.round(calls / done.length) : 0} a run) | ` +
    `deletes that raced in flight ${sum((f) => f.inFlightRaces ?? 0)} | ` +
    `${(sum((f) => f.elapsedMs) / 1000).toFixed(0)} s of runs`
  );
}

/**
 * Per-attempt timeouts and the run deadline, against the emulator's `delay` and `server-error` faults. Timings are
 * coarse on purpose: each assertion only says the client did not wait for the slow answer (or the long retries).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ArmClients, emulatorTarget, type ArmTarget } from '../../../src/azure/clients';
import { ConnectionAdapter } from '../../../src/azure/connections';
import { EndpointAdapter } from '../../../src/azure/endpoints';
import { classifyArmError } from '../../../src/azure/errors';
import { KEYVAULT_MANUAL_FACTS } from '@privatelink-autopilot/arm-emulator';
import { startAdapterWorld, type AdapterWorld } from './support';

let world: AdapterWorld;
const VAULT = KEYVAULT_MANUAL_FACTS.vaultId;
const ENDPOINT = KEYVAULT_MANUAL_FACTS.endpointId;
const DELAY_MS = 3000;
const TIMEOUT_MS = 1000;
const pathOf = (id: string): string => `^${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;

function timedClients(target: Partial<ArmTarget> = {}, deadline?: AbortSignal): ArmClients {
  return new ArmClients(
    {
      ...emulatorTarget(world.emulator),
      maxRetries: 0,
      retryDelayInMs: 5,
      maxRetryDelayInMs: 20,
      requestTimeoutMs: TIMEOUT_MS,
      ...target,
    },
    deadline ? { deadline } : {},
  );
}

async function timed<T>(work: () => Promise<T>): Promise<{ value?: T; error?: unknown; ms: number }> {
  const started = performance.now();
  try {
    const value = await work();
    return { value, ms: performance.now() - started };
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
}

beforeAll(async () => {
  world = await startAdapterWorld({ scenario: 'keyvault-manual' });
});
afterEach(() => {
  world.emulator.faults.clear();
});
afterAll(async () => {
  await world?.close();
});

describe('per-attempt timeout (AUTOPILOT_ARM_REQUEST_TIMEOUT_SECONDS)', () => {
  it('fails an attempt that gets no answer in time as a transient RequestTimeout, without waiting for the answer', async () => {
    world.fault({ kind: 'delay', delayMs: DELAY_MS, path: pathOf(VAULT) });
    const { error, ms } = await timed(() => new ConnectionAdapter(timedClients()).getTarget(VAULT));
    expect(classifyArmError(error)).toMatchObject({ transient: true, code: 'RequestTimeout' });
    expect(classifyArmError(error).message).toMatch(
      /^GET \/subscriptions\/.+\/vaults\/kv-autopilot-manual: no answer within 1 s \(AUTOPILOT_ARM_REQUEST_TIMEOUT_SECONDS\)$/,
    );
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(ms).toBeLessThan(DELAY_MS);
  });

  it('retries a timed-out attempt like any transient failure; the retry that answers in time succeeds', async () => {
    world.fault({ kind: 'delay', delayMs: DELAY_MS, path: pathOf(VAULT), count: 1 });
    const clients = timedClients({ maxRetries: 2 });
    const { value, error, ms } = await timed(() => new ConnectionAdapter(clients).getTarget(VAULT));
    expect(error).toBeUndefined();
    expect(value?.target.name).toBe('kv-autopilot-manual');
    expect(clients.calls.reads).toBe(2);
    expect(ms).toBeLessThan(DELAY_MS);
  });

  it('applies to the typed SDK clients too', async () => {
    world.fault({ kind: 'delay', delayMs: DELAY_MS, path: pathOf(ENDPOINT) });
    const clients = timedClients({ maxRetries: 1 });
    const { error, ms } = await timed(() => new EndpointAdapter(clients).observeEndpoint(ENDPOINT));
    expect(classifyArmError(error)).toMatchObject({ transient: true, code: 'RequestTimeout' });
    expect(clients.calls.reads).toBe(2);
    expect(ms).toBeLessThan(2 * DELAY_MS);
  });
});

describe('run deadline (AUTOPILOT_RUN_DEADLINE_SECONDS)', () => {
  it('stops a run that would otherwise retry for long, and no request starts after it', async () => {
    world.fault({ kind: 'server-error', status: 503, path: pathOf(VAULT) });
    const clients = timedClients(
      { maxRetries: 10, retryDelayInMs: 2000, maxRetryDelayInMs: 2000 },
      AbortSignal.timeout(TIMEOUT_MS),
    );
    const { error, ms } = await timed(() => new ConnectionAdapter(clients).getTarget(VAULT));
    expect(classifyArmError(error)).toMatchObject({ transient: false, code: 'RunDeadlineExceeded' });
    expect(ms).toBeLessThan(2000);

    const readsAtDeadline = clients.calls.reads;
    const after = await timed(() => new ConnectionAdapter(clients).getTarget(VAULT));
    expect(classifyArmError(after.error)).toMatchObject({ code: 'RunDeadlineExceeded' });
    expect(classifyArmError(after.error).message).toMatch(
      /^GET \/subscriptions\/.+: not sent, the run's deadline has passed \(AUTOPILOT_RUN_DEADLINE_SECONDS\)$/,
    );
    expect(clients.calls.reads).toBe(readsAtDeadline);
  });

  it('lets a run have many requests in flight without piling listeners on its deadline', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      // Each request is throttled once, so all of them wait out a Retry-After at the same time.
      world.fault({ kind: 'throttle', retryAfterSeconds: 1, path: pathOf(VAULT), count: 20 });
      const adapter = new ConnectionAdapter(timedClients({ maxRetries: 1 }, AbortSignal.timeout(60_000)));
      await Promise.all(Array.from({ length: 20 }, () => adapter.getTarget(VAULT)));
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });

  it('aborts a request in flight when the deadline passes', async () => {
    world.fault({ kind: 'delay', delayMs: DELAY_MS, path: pathOf(VAULT) });
    const clients = timedClients({ requestTimeoutMs: 60_000 }, AbortSignal.timeout(TIMEOUT_MS));
    const { error, ms } = await timed(() => new ConnectionAdapter(clients).getTarget(VAULT));
    expect(classifyArmError(error)).toMatchObject({ transient: false, code: 'RunDeadlineExceeded' });
    expect(ms).toBeLessThan(DELAY_MS);
  });
});

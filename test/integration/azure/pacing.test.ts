/**
 * Concurrent writers into one zone, against the emulator's Private DNS limits: paced, they queue for the zone and
 * (almost) no request is refused; unpaced, the zone answers 429 and the SDK spends calls retrying. (Scaled time: 120 emulated
 * minutes a real minute, on both sides.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArmClients, emulatorTarget } from '../../../src/azure/clients';
import { DnsAdapter } from '../../../src/azure/dns';
import type { DnsRecordChange } from '../../../src/core/plan/dns/types';
import {
  privateDnsZone,
  resourceGroup,
  startEmulator,
  WORKLOAD_SUBSCRIPTION,
  type RunningEmulator,
} from '@privatelink-autopilot/arm-emulator';
import { requestLog } from '../engine/support';
import type { AdapterWorld } from './support';

const ZONE = 'privatelink.blob.core.windows.net';
const group = resourceGroup(WORKLOAD_SUBSCRIPTION, 'rg-pacing', 'westus');
const zone = privateDnsZone(group.id, ZONE);
const LIMITS = { timeScale: 120, perMinute: { recordSetCreate: 4 } };
const WRITERS = 12;

let emulator: RunningEmulator;
beforeEach(async () => {
  emulator = await startEmulator({
    scenario: { name: 'pacing', description: 'one zone', steps: [group.step, zone.step] },
    throttle: { privateDns: LIMITS },
  });
});
afterEach(async () => {
  await emulator.close();
});

function create(name: string): DnsRecordChange {
  return {
    action: 'create',
    zoneId: zone.id,
    zone: ZONE,
    name,
    fqdn: `${name}.${ZONE}`,
    ips: ['10.0.0.4'],
    previousIps: [],
    ttl: 10,
    metadata: {},
    reason: 'test',
    endpoints: [],
  };
}

/** Each writer is a run of its own (its own clients), as concurrent orchestrations are. */
async function storm(pacing: ArmClients['target']['privateDnsPacing']): Promise<{ refused: number; applied: number }> {
  const outcomes = await Promise.allSettled(
    Array.from({ length: WRITERS }, (_, i) =>
      new DnsAdapter(
        new ArmClients({
          ...emulatorTarget(emulator),
          maxRetries: 4,
          retryDelayInMs: 5,
          maxRetryDelayInMs: 50,
          privateDnsPacing: pacing,
        }),
      ).applyChange(create(`r${i}`)),
    ),
  );
  const log = await requestLog({ emulator } as AdapterWorld);
  return {
    refused: log.filter((r) => r.status === 429).length,
    applied: outcomes.filter((o) => o.status === 'fulfilled' && o.value.outcome === 'applied').length,
  };
}

describe('writes into one zone from concurrent runs', () => {
  it("paced: every write gets through, with at most a stray 429 (our clock and the zone's start a network latency apart)", async () => {
    const { refused, applied } = await storm(LIMITS);
    expect(applied).toBe(WRITERS);
    expect(refused).toBeLessThanOrEqual(2);
  });

  it('unpaced: the zone refuses some (429 with Retry-After), and retrying all at once after it refuses them again', async () => {
    const { refused } = await storm(false);
    // All at once against a zone that takes 4: at least the other 8 are refused in the first wave alone.
    expect(refused).toBeGreaterThanOrEqual(WRITERS - LIMITS.perMinute.recordSetCreate);
  });
});

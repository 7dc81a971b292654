/**
 * `npm start -- --azure`: the same host with no emulator, ARM and settings from the environment. Nothing reaches ARM
 * until a function needs it, so the host starts and its health route says how it is configured.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalHost, type LocalHost } from '../../tools/local-host/host';
import { api, appRegistrations } from './support';

describe('the local host against Azure (--azure)', () => {
  let host: LocalHost | undefined;
  afterAll(async () => host?.close());

  it("starts without an emulator and serves health from the environment's settings", async () => {
    host = await startLocalHost({
      registrations: await appRegistrations(),
      stateDir: mkdtempSync(join(tmpdir(), 'autopilot-azure-')),
      settings: {
        AUTOPILOT_SCOPE_SUBSCRIPTIONS: '00000000-0000-0000-0000-00000000c0de',
        AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS: 'rg-dns-hub',
        AUTOPILOT_DRY_RUN: 'true',
        AUTOPILOT_ARM_ENDPOINT: 'https://management.azure.com',
        AUTOPILOT_EMULATOR_CA_FILE: '',
      },
      timers: false,
    });
    expect(host.emulator).toBeUndefined();
    const health = await api(host, 'GET', '/api/health/details');
    expect(health.status).toBe(200);
    expect(health.json).toMatchObject({
      settings: { valid: true },
      dryRun: true,
      scope: { subscriptions: 1, dnsZoneResourceGroups: ['rg-dns-hub'] },
    });
  });
});

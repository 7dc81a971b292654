/**
 * The `authorization-failed` fault: ARM's 403 for a missing role assignment, scoped like a role assignment and timed
 * on the emulator's scaled clock, so "the DNS zone resource group answered AuthorizationFailed for 15 s" is a test.
 */
import type { RestError } from '@azure/core-rest-pipeline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAST, rgId, startHarness, SUB, type Harness } from './harness';

const ZONE = 'privatelink.documents.azure.com';
const DNS_RG = 'rg-dns';
const OTHER_RG = 'rg-other';
/** 15 emulated seconds last 100 ms of wall time. */
const TIME_SCALE = 150;
let h: Harness;

beforeEach(async () => {
  h = await startHarness({ timeScale: TIME_SCALE });
  for (const rg of [DNS_RG, OTHER_RG]) {
    await h.raw('PUT', rgId(SUB, rg), { body: { location: 'westus' }, query: '?api-version=2021-04-01' });
    await h.dns.privateZones.beginCreateOrUpdateAndWait(rg, ZONE, { location: 'global' }, FAST);
  }
  await h.admin('DELETE', '/requests');
});
afterEach(() => h.close());

async function recordWrite(rg: string): Promise<unknown> {
  return h.dns.recordSets.createOrUpdate(rg, ZONE, 'A', 'acct-japaneast', {
    ttl: 10,
    aRecords: [{ ipv4Address: '10.0.1.9' }],
  });
}

describe('the authorization-failed fault', () => {
  it("answers ARM's 403 AuthorizationFailed naming the action and scope; the SDK does not retry it", async () => {
    const added = await h.admin('POST', '/faults', { scope: rgId(SUB, DNS_RG), kind: 'authorization-failed' });
    expect(added.status).toBe(201);

    const error = await recordWrite(DNS_RG).then(
      () => undefined,
      (e: unknown) => e,
    );
    // The SDK's own copy of core-rest-pipeline made it, so compare by name rather than by class.
    expect(error).toMatchObject({ name: 'RestError' });
    const restError = error as RestError;
    expect(restError.statusCode).toBe(403);
    expect(restError.code).toBe('AuthorizationFailed');
    const recordId = `${rgId(SUB, DNS_RG)}/providers/Microsoft.Network/privateDnsZones/${ZONE}/A/acct-japaneast`;
    expect(restError.message).toBe(
      "The client '00000000-0000-0000-0000-0000000000e2' with object id '00000000-0000-0000-0000-0000000000e1' does " +
        "not have authorization to perform action 'Microsoft.Network/privateDnsZones/A/write' over scope " +
        `'${recordId}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    );
    expect(restError.response?.headers.get('x-ms-failure-cause')).toBe('gateway');

    // One request: the harness's clients retry up to 3 times, but a 403 is final for the Azure SDK.
    const log = (await h.admin('GET', '/requests')).body.value as Array<{ status: number; fault?: string }>;
    expect(log.map((e) => [e.status, e.fault])).toEqual([[403, 'authorization-failed']]);

    // Beside the scope the principal is authorized as before; inside it reads fail too, with their own action.
    await expect(recordWrite(OTHER_RG)).resolves.toBeDefined();
    const list = await h.raw('GET', `${rgId(SUB, DNS_RG)}/providers/Microsoft.Network/privateDnsZones/${ZONE}/A`, {
      query: '?api-version=2024-06-01',
    });
    expect(list.status).toBe(403);
    expect(list.body.error.message).toContain(
      `perform action 'Microsoft.Network/privateDnsZones/A/read' over scope '${rgId(SUB, DNS_RG)}/providers/Microsoft.Network/privateDnsZones/${ZONE}/A'`,
    );
  });

  it('lasts durationSeconds on the scaled clock: 15 s of AuthorizationFailed, then the write goes through', async () => {
    await h.admin('POST', '/faults', {
      id: 'role-not-yet-effective',
      scope: rgId(SUB, DNS_RG),
      kind: 'authorization-failed',
      durationSeconds: 15,
    });
    const listed = (await h.admin('GET', '/faults')).body.value;
    expect(listed).toMatchObject([{ id: 'role-not-yet-effective', durationSeconds: 15, hits: 0 }]);
    expect(Date.parse(listed[0].expiresAt) - Date.now()).toBeLessThanOrEqual((15 * 1000) / TIME_SCALE);

    await expect(recordWrite(DNS_RG)).rejects.toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
    await new Promise((resolve) => setTimeout(resolve, (15 * 1000) / TIME_SCALE + 20));
    await expect(recordWrite(DNS_RG)).resolves.toMatchObject({ aRecords: [{ ipv4Address: '10.0.1.9' }] });
    expect((await h.admin('GET', '/faults')).body.value).toEqual([]);
  });
});

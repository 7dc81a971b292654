import { createHttpHeaders } from '@azure/core-rest-pipeline';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  pacedRequestOf,
  PrivateDnsPacer,
  setProcessPrivateDnsPacing,
  sharedPrivateDnsPacer,
} from '../../../src/azure/pacing';

const SUB = '/subscriptions/00000000-0000-0000-0000-00000000000a';
const RG = `${SUB}/resourceGroups/rg-dns`;
const ZONE = `${RG}/providers/Microsoft.Network/privateDnsZones/privatelink.documents.azure.com`;
const request = (method: string, path: string, headers: Record<string, string> = {}) => ({
  method: method as 'GET',
  url: `https://management.azure.com${path}?api-version=2024-06-01`,
  headers: createHttpHeaders(headers),
});

describe('pacedRequestOf', () => {
  const zone = ZONE.toLowerCase();
  it.each([
    ['PUT', `${ZONE}/A/acct-westus`, { 'If-None-Match': '*' }, { operation: 'recordSetCreate', scope: zone }],
    ['PUT', `${ZONE}/A/acct-westus`, { 'If-Match': 'abc' }, { operation: 'recordSetUpdate', scope: zone }],
    ['DELETE', `${ZONE}/A/acct-westus`, {}, { operation: 'recordSetDelete', scope: zone }],
    ['GET', `${ZONE}/A/acct-westus`, {}, { operation: 'recordSetGet', scope: zone }],
    ['GET', `${ZONE}/A`, {}, { operation: 'recordSetList', scope: zone }],
    ['GET', ZONE, {}, { operation: 'zoneGet', scope: zone }],
    [
      'GET',
      `${RG}/providers/Microsoft.Network/privateDnsZones`,
      {},
      { operation: 'zoneListByResourceGroup', scope: RG.toLowerCase() },
    ],
    [
      'GET',
      `${SUB}/providers/Microsoft.Network/privateDnsZones`,
      {},
      { operation: 'zoneListBySubscription', scope: SUB.toLowerCase() },
    ],
  ])('%s %s %j counts as %j', (method, path, headers, expected) => {
    expect(pacedRequestOf(request(method, path, headers))).toEqual(expected);
  });

  it.each([
    ['GET', `${ZONE}/virtualNetworkLinks/link1`],
    ['GET', `${ZONE}/virtualNetworkLinks`],
    ['PUT', ZONE],
    ['GET', `${RG}/providers/Microsoft.Network/privateEndpoints/pe1`],
  ])('%s %s is not paced', (method, path) => {
    expect(pacedRequestOf(request(method, path))).toBeUndefined();
  });
});

describe('PrivateDnsPacer', () => {
  const create = { operation: 'recordSetCreate' as const, scope: ZONE.toLowerCase() };

  it("lets a minute's allowance through at once, then queues; zones and operations are apart", async () => {
    const pacer = new PrivateDnsPacer({ timeScale: 6000, perMinute: { recordSetCreate: 3 } });
    for (let i = 0; i < 3; i++) await pacer.acquire(create);
    await pacer.acquire({ ...create, scope: 'another zone' });
    await pacer.acquire({ ...create, operation: 'recordSetUpdate' });
    expect(pacer.waited.requests).toBe(0);
    await Promise.all([pacer.acquire(create), pacer.acquire(create)]);
    expect(pacer.waited.requests).toBe(2);
  });

  it('after a Retry-After, the next request of that kind in that zone waits', async () => {
    const pacer = new PrivateDnsPacer({ timeScale: 6000 });
    pacer.holdOff(create, 5);
    await pacer.acquire(create);
    expect(pacer.waited.requests).toBe(1);
  });

  it('is shared per ARM endpoint and configuration, so concurrent runs queue together', () => {
    expect(sharedPrivateDnsPacer('https://127.0.0.1:1234/')).toBe(sharedPrivateDnsPacer('https://127.0.0.1:1234'));
    expect(sharedPrivateDnsPacer('https://127.0.0.1:1234')).not.toBe(sharedPrivateDnsPacer('https://127.0.0.1:1235'));
    expect(sharedPrivateDnsPacer('https://127.0.0.1:1234', { timeScale: 60 })).not.toBe(
      sharedPrivateDnsPacer('https://127.0.0.1:1234'),
    );
  });

  it('refuses limits it cannot pace by', () => {
    expect(() => new PrivateDnsPacer({ timeScale: 0 })).toThrow(/timeScale: expected a number > 0/);
    expect(() => new PrivateDnsPacer({ perMinute: { recordSetGet: 0 } })).toThrow(
      /perMinute\.recordSetGet: expected a number >= 1/,
    );
  });
});

describe('process pacing', () => {
  afterEach(() => setProcessPrivateDnsPacing({}));

  it('reaches every copy of the module in the process (npm start loads the host and the app from two builds)', async () => {
    setProcessPrivateDnsPacing({ timeScale: 600 });
    vi.resetModules();
    const otherCopy = await import('../../../src/azure/pacing');
    expect(otherCopy.processPrivateDnsPacing()).toEqual({ timeScale: 600 });
  });
});

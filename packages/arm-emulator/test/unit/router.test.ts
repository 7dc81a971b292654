import { describe, expect, it } from 'vitest';
import { Router } from '../../src/router';

const ZONE = '/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Network/privateDnsZones/{zone}';
const ok = (label: string) => () => ({ status: 200, body: label });

describe('Router', () => {
  const router = new Router();
  router.add('GET', `${ZONE}/{recordType}/{name}`, ok('record'));
  router.add('GET', `${ZONE}/virtualNetworkLinks/{link}`, ok('link'));
  router.add('PUT', `${ZONE}/{recordType}/{name}`, ok('put-record'));

  it.each([
    [
      'GET',
      '/subscriptions/a/resourcegroups/b/providers/microsoft.network/PRIVATEDNSZONES/z.com/A/www',
      'record',
      { recordType: 'A', name: 'www' },
    ],
    [
      'GET',
      '/subscriptions/a/resourceGroups/b/providers/Microsoft.Network/privateDnsZones/z.com/virtualNetworkLinks/l1',
      'link',
      { link: 'l1' },
    ],
    [
      'PUT',
      '/subscriptions/a/resourceGroups/b/providers/Microsoft.Network/privateDnsZones/z.com/A/%40',
      'put-record',
      { name: '@' },
    ],
  ])('%s %s → %s', async (method, path, label, params) => {
    const match = router.match(method, path);
    expect(match?.params).toMatchObject({ s: 'a', ...params });
    expect(await match?.handler({} as never)).toEqual({ status: 200, body: label });
  });

  it('misses other methods and shapes, and refuses a clashing template', () => {
    expect(
      router.match(
        'DELETE',
        '/subscriptions/a/resourceGroups/b/providers/Microsoft.Network/privateDnsZones/z.com/A/www',
      ),
    ).toBeUndefined();
    expect(
      router.knowsPath('/subscriptions/a/resourceGroups/b/providers/Microsoft.Network/privateDnsZones/z.com/A/www'),
    ).toBe(true);
    expect(router.match('GET', '/subscriptions/a/resourceGroups/b')).toBeUndefined();
    expect(() => router.add('GET', `${ZONE}/{type}/{other}`, ok('x'))).toThrow(/already registered/);
  });
});

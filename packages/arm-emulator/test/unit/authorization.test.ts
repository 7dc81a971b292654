import { describe, expect, it } from 'vitest';
import { requiredAction } from '../../src/authorization';

const RG = '/subscriptions/s/resourceGroups/rg';

describe('requiredAction', () => {
  it.each([
    ['GET', `${RG}/providers/Microsoft.Network/privateDnsZones/z/A/r`, 'Microsoft.Network/privateDnsZones/A/read'],
    ['PUT', `${RG}/providers/Microsoft.Network/privateDnsZones/z/A/r`, 'Microsoft.Network/privateDnsZones/A/write'],
    ['PATCH', `${RG}/providers/Microsoft.Network/privateDnsZones/z`, 'Microsoft.Network/privateDnsZones/write'],
    ['DELETE', `${RG}/providers/Microsoft.Network/privateEndpoints/pe`, 'Microsoft.Network/privateEndpoints/delete'],
    ['GET', `${RG}/providers/Microsoft.Network/privateDnsZones/z/A`, 'Microsoft.Network/privateDnsZones/A/read'],
    ['GET', RG, 'Microsoft.Resources/subscriptions/resourceGroups/read'],
    ['GET', '/subscriptions/s/resourcegroups', 'Microsoft.Resources/subscriptions/resourceGroups/read'],
  ])('%s %s needs %s over the path itself', (method, path, action) => {
    expect(requiredAction(method, `${path}?api-version=1`)).toEqual({ action, scope: path });
  });

  it('names a POST action after the resource it acts on, over that resource', () => {
    const account = `${RG}/providers/Microsoft.DocumentDB/databaseAccounts/acct`;
    expect(requiredAction('POST', `${account}/listKeys`)).toEqual({
      action: 'Microsoft.DocumentDB/databaseAccounts/listKeys/action',
      scope: account,
    });
  });
});

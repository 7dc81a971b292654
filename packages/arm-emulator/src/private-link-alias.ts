import { createHash } from 'node:crypto';
import { armIdKey } from './arm-id';

/**
 * A Private Link Service's alias, `<service name>.<guid>.<region>.azure.privatelinkservice`. Azure picks the guid at
 * random; the emulator derives it from the service's ID so that scenarios can name the alias before the service exists.
 */
export function privateLinkServiceAlias(serviceId: string, region: string): string {
  const hex = createHash('sha256').update(armIdKey(serviceId)).digest('hex');
  const guid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  const name = serviceId.split('/').pop() ?? '';
  return `${name}.${guid}.${region.replace(/\s+/g, '').toLowerCase()}.azure.privatelinkservice`;
}

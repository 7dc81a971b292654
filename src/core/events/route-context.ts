/** The router's context from the settings: the function app and the CLI's `event explain` route alike. */
import { buildCatalogue, catalogueTargetTypes } from '../catalogue';
import type { Settings } from '../settings';
import type { RouteContext } from './types';

export function routeContextOf(
  settings: Pick<Settings, 'catalogueExtensions' | 'dnsZoneSubscription' | 'dnsZoneResourceGroups' | 'azureClientId'>,
  scopeSubscriptions: RouteContext['scopeSubscriptions'],
): RouteContext {
  return {
    scopeSubscriptions,
    targetTypes: catalogueTargetTypes(buildCatalogue(settings.catalogueExtensions)),
    ...(settings.dnsZoneSubscription
      ? {
          dnsZones: {
            subscription: settings.dnsZoneSubscription,
            resourceGroups: settings.dnsZoneResourceGroups,
          },
        }
      : {}),
    ...(settings.azureClientId ? { ownAppId: settings.azureClientId } : {}),
  };
}

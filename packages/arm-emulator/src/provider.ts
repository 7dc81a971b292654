import type { RequestContext } from './context';
import type { PrivateLinkTarget } from './private-link';
import type { Handler, HttpMethod } from './router';

/** What a provider module gets to plug itself in (see FRAMEWORK.md). */
export interface ProviderApi {
  /** Registers a handler for an ARM path template (literal segments match case-insensitively). */
  route(method: HttpMethod | HttpMethod[], template: string, handler: Handler): void;
  /** Lets private endpoints connect to resources of this type (`Microsoft.DocumentDB/databaseAccounts`, ...). */
  registerPrivateLinkTarget(resourceType: string, target: PrivateLinkTarget): void;
  /** Runs before a resource group and everything in it are removed (e.g. to detach endpoints from their targets). */
  onResourceGroupDelete(hook: (ctx: RequestContext, resourceGroupId: string) => void): void;
}

export interface EmulatorProvider {
  /** Shown in errors about clashing routes. */
  name: string;
  register(api: ProviderApi): void;
}

import type { RequestContext, ArmResponse } from './context';

export type HttpMethod = 'GET' | 'PUT' | 'PATCH' | 'DELETE' | 'POST' | 'HEAD';

export type Handler = (ctx: RequestContext) => ArmResponse | Promise<ArmResponse>;

export interface RouteMatch {
  template: string;
  handler: Handler;
  params: Record<string, string>;
}

interface Route {
  method: HttpMethod;
  template: string;
  segments: Array<{ literal: string } | { param: string }>;
  handler: Handler;
}

/**
 * ARM path templates such as `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/
 * Microsoft.Network/privateEndpoints/{privateEndpointName}`. Literal segments match case-insensitively; `{name}`
 * captures one segment in the caller's casing. When several templates match, the one with a literal earliest wins,
 * so `/privateDnsZones/{zone}/virtualNetworkLinks/{name}` beats `/privateDnsZones/{zone}/{recordType}/{name}`.
 */
export class Router {
  private readonly routes: Route[] = [];

  add(method: HttpMethod, template: string, handler: Handler): void {
    const segments = splitPath(template).map((s) =>
      s.startsWith('{') && s.endsWith('}') ? { param: s.slice(1, -1) } : { literal: s.toLowerCase() },
    );
    const clash = this.routes.find((r) => r.method === method && sameShape(r.segments, segments));
    if (clash) throw new Error(`route ${method} ${template} is already registered as ${clash.template}`);
    this.routes.push({ method, template, segments, handler });
  }

  match(method: string, path: string): RouteMatch | undefined {
    const parts = splitPath(path);
    let best: { route: Route; params: Record<string, string>; score: string } | undefined;
    for (const route of this.routes) {
      if (route.method !== method || route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let score = '';
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const segment = route.segments[i] as Route['segments'][number];
        const part = parts[i] as string;
        if ('literal' in segment) {
          ok = segment.literal === part.toLowerCase();
          score += '1';
        } else {
          params[segment.param] = part;
          score += '0';
        }
      }
      if (ok && (!best || score > best.score)) best = { route, params, score };
    }
    return best && { template: best.route.template, handler: best.route.handler, params: best.params };
  }

  /** True when some method is routed for this path (to tell 405-like misses from unknown resource types). */
  knowsPath(path: string): boolean {
    return (['GET', 'PUT', 'PATCH', 'DELETE', 'POST', 'HEAD'] as const).some((m) => this.match(m, path) !== undefined);
  }
}

export function splitPath(path: string): string[] {
  return path
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

function sameShape(a: Route['segments'], b: Route['segments']): boolean {
  return (
    a.length === b.length &&
    a.every((s, i) => {
      const t = b[i] as Route['segments'][number];
      return 'literal' in s ? 'literal' in t && t.literal === s.literal : 'param' in t;
    })
  );
}

/**
 * Everything one unit of work (a CLI run, an activity invocation) needs to observe, plan and act: its own ARM ports
 * (and so its own call meter), the validated settings, the scope it may touch, the approval policy and the catalogue.
 */
import { buildCatalogue, type Catalogue } from '../core/catalogue';
import type { PolicyError, ApprovalPolicy } from '../core/policy';
import { scopeFromSettings, type Scope } from '../core/scope';
import type { Settings } from '../core/settings';
import { loadPolicySource, type ReadText } from './policy-source';
import type { ArmPorts } from './ports';

export interface EngineContext {
  /** The engine's only way to ARM (src/azure implements it over the SDK clients). */
  arm: ArmPorts;
  settings: Settings;
  scope: Scope;
  /** A policy that could not be loaded approves nothing. */
  policy: ApprovalPolicy | PolicyError;
  catalogue: Catalogue;
  /** The clock, injected: plans and orphan marks use it, tests fix it. */
  now: () => Date;
  log: (line: string) => void;
}

export interface ContextOptions {
  settings: Settings;
  arm: ArmPorts;
  /** Default: the configured scope (`scopeFromSettings`). */
  scope?: Scope;
  now?: () => Date;
  log?: (line: string) => void;
  readText?: ReadText;
}

export function createContext(options: ContextOptions): EngineContext {
  const { settings } = options;
  return {
    arm: options.arm,
    settings,
    scope: options.scope ?? scopeFromSettings(settings),
    policy: loadPolicySource(settings.policySource, options.readText),
    catalogue: buildCatalogue(settings.catalogueExtensions),
    now: options.now ?? (() => new Date()),
    log: options.log ?? (() => undefined),
  };
}

/** A subscription-wide run sees that one subscription of the scope, and none when the subscription is outside it. */
export function withinSubscription(ctx: EngineContext, subscriptionId: string): EngineContext {
  const wanted = subscriptionId.toLowerCase();
  return {
    ...ctx,
    scope: { ...ctx.scope, subscriptions: ctx.scope.subscriptions.filter((s) => s.toLowerCase() === wanted) },
  };
}

/** A run is a dry run when asked, or always when the settings say so (AUTOPILOT_DRY_RUN). */
export function dryRunFor(ctx: Pick<EngineContext, 'settings'>, asked: boolean): boolean {
  return ctx.settings.dryRun || asked;
}

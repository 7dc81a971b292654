import { loadSettings } from '../core/settings';
import { createArmContext } from '../azure/ports';
import type { EngineContext } from '../engine';

/**
 * Builds the engine context for one activity invocation: fresh clients (so the result's call counts are the
 * invocation's own) and the settings as they are now. Tests pass their own.
 */
export type ContextFactory = () => EngineContext;

export function contextFromEnvironment(env: NodeJS.ProcessEnv = process.env): ContextFactory {
  return () => createArmContext({ settings: loadSettings(env) });
}

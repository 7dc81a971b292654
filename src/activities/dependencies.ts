import { loadSettings } from '../core/settings';
import { createContext, type EngineContext } from '../engine';

/**
 * Builds the engine context for one activity invocation: fresh clients (so the result's call counts are the
 * invocation's own) and the settings as they are now. Tests pass their own.
 */
export type ContextFactory = () => EngineContext;

export function contextFromEnvironment(env: NodeJS.ProcessEnv = process.env): ContextFactory {
  return () => createContext({ settings: loadSettings(env) });
}

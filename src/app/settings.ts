/**
 * The function app's settings, read on every invocation (app settings can change without a restart) and checked the
 * way the app needs them: valid, and with a scope. An app without a scope touches nothing; it says why instead.
 */
import { requireUsableScope, scopeFromSettings, type Scope } from '../core/scope';
import { loadSettings, SettingsError, type Settings } from '../core/settings';

export type AppSettings = { ok: true; settings: Settings; scope: Scope } | { ok: false; problems: string[] };

export function readAppSettings(env: Record<string, string | undefined> = process.env): AppSettings {
  let settings: Settings;
  try {
    settings = loadSettings(env);
  } catch (error) {
    if (error instanceof SettingsError) return { ok: false, problems: error.problems };
    throw error;
  }
  const scope = scopeFromSettings(settings);
  try {
    requireUsableScope(scope);
  } catch (error) {
    return { ok: false, problems: [error instanceof Error ? error.message : String(error)] };
  }
  return { ok: true, settings, scope };
}

/** For triggers: the settings, or an error naming every problem (the invocation fails; Event Grid and queues retry). */
export function requireAppSettings(env: Record<string, string | undefined> = process.env): {
  settings: Settings;
  scope: Scope;
} {
  const read = readAppSettings(env);
  if (!read.ok) throw new SettingsError(read.problems);
  return read;
}

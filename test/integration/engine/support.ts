/**
 * The engine's integration world: the emulator in-process with a seed scenario, settings as an operator would write
 * them (scope = the workload subscription and its hub DNS group, the CHG approval policy, the Elastic Cloud catalogue
 * extension), and engine contexts with fresh clients (their own call counter) and fast long-running-operation polls.
 */
import { readFile } from 'node:fs/promises';
import https from 'node:https';
import { loadSettings, type Settings } from '../../../src/core/settings';
import type { Scenario } from '@privatelink-autopilot/arm-emulator';
import { DNS_RESOURCE_GROUP, WORKLOAD_SUBSCRIPTION } from '@privatelink-autopilot/arm-emulator';
import { createArmContext } from '../../../src/azure/ports';
import type { EngineContext } from '../../../src/engine';
import { runPolicy } from '../../../src/core/plan';
import { FAST_POLL_MS, startAdapterWorld, type AdapterWorld } from '../azure/support';

/** Approves change-ticketed requests, leaves the rest for a person. */
export const CHG_POLICY = {
  version: 1,
  defaultAction: 'leave-pending',
  rules: [
    {
      name: 'change-ticket',
      match: { requestMessage: '^CHG[0-9]+' },
      action: 'approve',
      description: 'approved by {rule}: change ticket in the request',
    },
  ],
};

/** docs/catalogue.md's Elastic Cloud entry. */
export const ELASTIC_EXTENSION = [
  {
    service: 'Elastic Cloud',
    aliasPattern: '{region}-prod-{nnn}-privatelink-service.{guid}.{region}.azure.privatelinkservice',
    zones: [{ zone: 'privatelink.{region}.azure.elastic-cloud.com', aliasRecord: '*' }],
  },
];

export function operatorEnv(world: AdapterWorld, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AUTOPILOT_SCOPE_SUBSCRIPTIONS: WORKLOAD_SUBSCRIPTION,
    AUTOPILOT_DNS_ZONE_RESOURCE_GROUPS: DNS_RESOURCE_GROUP,
    AUTOPILOT_POLICY_SOURCE: `inline:${JSON.stringify(CHG_POLICY)}`,
    AUTOPILOT_CATALOGUE_EXTENSIONS: JSON.stringify(ELASTIC_EXTENSION),
    AUTOPILOT_ARM_ENDPOINT: world.emulator.armEndpoint,
    AUTOPILOT_EMULATOR_CA_FILE: world.emulator.caCertPath,
    ...extra,
  };
}

export function operatorSettings(world: AdapterWorld, extra: Record<string, string> = {}): Settings {
  return loadSettings(operatorEnv(world, extra));
}

export const FIXED_NOW = new Date('2030-01-01T00:00:00.000Z');

export function engineContext(world: AdapterWorld, settings: Settings = operatorSettings(world)): EngineContext {
  return createArmContext({
    settings,
    clients: world.clients(),
    now: () => FIXED_NOW,
    updateIntervalInMs: FAST_POLL_MS,
  });
}

export async function startWorld(scenario: Scenario | string = 'demo'): Promise<AdapterWorld> {
  return startAdapterWorld({ scenario });
}

export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
}

/** The emulator's request log (admin API), to prove which ARM calls a run made, or that it made none. */
export async function requestLog(world: AdapterWorld): Promise<LoggedRequest[]> {
  const ca = await readFile(world.emulator.caCertPath, 'utf8');
  const body = await new Promise<string>((resolve, reject) => {
    const request = https.get(`${world.emulator.adminEndpoint}/requests`, { ca }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
  return (JSON.parse(body) as { value: LoggedRequest[] }).value;
}

/** Case-insensitive (kind, resource ID) pairs, sorted: what a plan would change, in a form tests compare exactly. */
export function kindsAndIds(changes: ReadonlyArray<{ kind: string; resourceId: string }>): string[] {
  return changes.map((c) => `${c.kind} ${c.resourceId.toLowerCase()}`).sort();
}

export function pair(kind: string, resourceId: string): string {
  return `${kind} ${resourceId.toLowerCase()}`;
}

/**
 * The engine's own paths (writes, re-checks, deletes) over any observation: the policy of a run that may delete what it
 * wrote (a focused run's). Which run kind gets which policy is proven once, across entry points, in
 * test/integration/run-policy.test.ts.
 */
export const DELETING = runPolicy({ kind: 'target', entry: 'cli', dryRun: false });
export const DRY_RUN = runPolicy({ kind: 'target', entry: 'cli', dryRun: true });

import type { Scenario } from '../contracts';
import { combineScenarios } from './demo';
import { elasticAlias } from './elastic-alias';
import { keyvaultManual } from './keyvault-manual';
import { mongoVcore } from './mongo-vcore';
import { orphans } from './orphans';
import { seedCosmos } from './seed-cosmos';
import { twoHubs } from './two-hubs';
import { zoneGroupScenario } from './zone-group';

export { generateEstate, type EstateOptions } from './estate-generator';

const PARTS: readonly Scenario[] = [seedCosmos, keyvaultManual, mongoVcore, elasticAlias, orphans, zoneGroupScenario];

const demo = combineScenarios(
  'demo',
  'Every named scenario in one world: a converged Cosmos DB estate, a pending Key Vault connection, a Mongo vCore ' +
    'endpoint without its record, an Elastic Cloud alias endpoint, orphaned records, and a zone-group endpoint.',
  PARTS,
);

/**
 * Worlds of their own, not part of `demo`: two-hubs holds a second copy of privatelink.documents.azure.com, which
 * would make every demo endpoint's zone placement a question.
 */
const SEPARATE: readonly Scenario[] = [twoHubs];

export const SCENARIOS: Readonly<Record<string, Scenario>> = Object.freeze(
  Object.fromEntries([...PARTS, demo, ...SEPARATE].map((scenario) => [scenario.name, scenario])),
);

export function scenarioNames(): string[] {
  return Object.keys(SCENARIOS);
}

export function findScenario(name: string): Scenario | undefined {
  return Object.hasOwn(SCENARIOS, name) ? SCENARIOS[name] : undefined;
}

export function getScenario(name: string): Scenario {
  const scenario = findScenario(name);
  if (!scenario) throw new Error(`unknown scenario "${name}": expected one of ${scenarioNames().join(', ')}`);
  return scenario;
}

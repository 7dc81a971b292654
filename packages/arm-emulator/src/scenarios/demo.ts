import type { Scenario, ScenarioStep } from '../contracts';

function sameStep(a: ScenarioStep, b: ScenarioStep): boolean {
  return (
    a.method === b.method &&
    a.path.toLowerCase() === b.path.toLowerCase() &&
    a.apiVersion === b.apiVersion &&
    JSON.stringify(a.body) === JSON.stringify(b.body)
  );
}

/**
 * Every scenario in one world. A step already applied by an earlier scenario (the shared DNS resource group and
 * zones) is not repeated; a scenario's own repeats (an endpoint refresh) are kept.
 */
export function combineScenarios(name: string, description: string, parts: readonly Scenario[]): Scenario {
  const steps: ScenarioStep[] = [];
  for (const part of parts) {
    const earlier = [...steps];
    steps.push(...part.steps.filter((step) => !earlier.some((done) => sameStep(done, step))));
  }
  return { name, description, steps };
}

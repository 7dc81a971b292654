import { existsSync, readFileSync } from 'node:fs';
import type { Scenario, ScenarioStep } from './contracts';
import { isJsonObject } from './json';
import type { ArmPipeline } from './pipeline';

const METHODS: ReadonlyArray<ScenarioStep['method']> = ['PUT', 'PATCH', 'DELETE', 'POST'];

export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioError';
  }
}

export interface ScenarioResult {
  name: string;
  steps: number;
}

/** Checks a scenario read from JSON; errors name the step and field. */
export function parseScenario(value: unknown): Scenario {
  if (!isJsonObject(value)) throw new ScenarioError('scenario: expected a JSON object {name, description, steps}');
  const { name, description, steps } = value;
  if (typeof name !== 'string' || name.length === 0)
    throw new ScenarioError('scenario.name: expected a non-empty string');
  if (!Array.isArray(steps))
    throw new ScenarioError('scenario.steps: expected an array of {method, path, apiVersion, body?}');
  return {
    name,
    description: typeof description === 'string' ? description : '',
    steps: steps.map((step, i) => parseStep(step, `scenario.steps[${i}]`)),
  };
}

function parseStep(value: unknown, where: string): ScenarioStep {
  if (!isJsonObject(value)) throw new ScenarioError(`${where}: expected a JSON object`);
  const { method, path, apiVersion, body } = value;
  if (typeof method !== 'string' || !METHODS.includes(method.toUpperCase() as ScenarioStep['method'])) {
    throw new ScenarioError(`${where}.method: expected one of ${METHODS.join(', ')}`);
  }
  if (typeof path !== 'string' || !path.startsWith('/subscriptions/')) {
    throw new ScenarioError(`${where}.path: expected an ARM path starting with /subscriptions/`);
  }
  if (typeof apiVersion !== 'string' || apiVersion.length === 0)
    throw new ScenarioError(`${where}.apiVersion: expected a non-empty string`);
  return {
    method: method.toUpperCase() as ScenarioStep['method'],
    path,
    apiVersion,
    ...(body === undefined ? {} : { body }),
  };
}

/** Applies every step through the emulator's own routes; stops at the first step that fails. */
export async function applyScenario(
  pipeline: ArmPipeline,
  scenario: Scenario,
  emitEvents = false,
): Promise<ScenarioResult> {
  for (const [i, step] of scenario.steps.entries()) {
    const answer = await pipeline.dispatch({ ...step, emitEvents });
    if (answer.status >= 400) {
      throw new ScenarioError(
        `scenario "${scenario.name}" step ${i} (${step.method} ${step.path}) failed with ${answer.status}: ${JSON.stringify(answer.body)}`,
      );
    }
  }
  return { name: scenario.name, steps: scenario.steps.length };
}

/** `--scenario NAME|FILE`: an existing file is read as a JSON scenario; anything else is looked up by name. */
export function resolveScenario(
  nameOrFile: string,
  findScenario: (name: string) => Scenario | undefined,
  known: string[],
): Scenario {
  if (existsSync(nameOrFile)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(nameOrFile, 'utf8'));
    } catch (error) {
      throw new ScenarioError(`scenario file ${nameOrFile}: not valid JSON (${(error as Error).message})`);
    }
    return parseScenario(parsed);
  }
  const named = findScenario(nameOrFile);
  if (!named)
    throw new ScenarioError(
      `scenario "${nameOrFile}": not a file and not a named scenario (known: ${known.join(', ')})`,
    );
  return named;
}

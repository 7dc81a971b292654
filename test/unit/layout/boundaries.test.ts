/**
 * The layering rules in eslint.config.mjs, proven on deliberate bad imports: each must be refused in its folder, and
 * the allowed direction must pass, so a rule that stopped matching (or matched everything) fails here.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it.each([
    ['src/core/plan/probe.ts', "import { ArmClients } from '../../azure/clients';", /engine ports/],
    ['src/core/probe.ts', "import { observe } from '../engine';", /engine/],
    ['src/core/probe.ts', "import { readFileSync } from 'node:fs';", /core is pure/],
    ['src/core/probe.ts', "import { NetworkManagementClient } from '@azure/arm-network';", /core is pure/],
    ['src/core/probe.ts', "import { app } from '../functions/health';", /triggers/],
    ['src/engine/probe.ts', "import { EndpointAdapter } from '../azure/endpoints';", /engine ports/],
    ['src/engine/probe.ts', "import { health } from '../functions/health';", /triggers/],
    ['src/engine/probe.ts', "import { runDemo } from '../../tools/local/demo';", /tooling/],
    ['src/engine/probe.ts', "import type { PrivateEndpoint } from '@azure/arm-network';", /no SDK/],
    ['src/azure/probe.ts', "import { activities } from '../activities';", /triggers/],
    ['src/activities/probe.ts', "import { runCli } from '../cli/main';", /no CLI/],
    ['src/functions/probe.ts', "import { startEmulator } from '@privatelink-autopilot/arm-emulator';", /emulator/],
    ['src/cli/probe.ts', "import { startEmulator } from '@privatelink-autopilot/arm-emulator';", /emulator/],
    [
      'packages/arm-emulator/src/probe.ts',
      "import { parseResourceId } from '../../../src/core/resource-id';",
      /its own package/,
    ],
  ])('%s refuses %s', async (file, code, message) => {
    const messages = await restrictedImports(file, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(message);
  });

  it.each([
    ['src/engine/probe.ts', "import type { ArmPorts } from './ports';\nimport { planReconcile } from '../core/plan';"],
    [
      'src/azure/probe.ts',
      "import type { ArmPorts } from '../engine/ports';\nimport { NetworkManagementClient } from '@azure/arm-network';",
    ],
    ['src/core/probe.ts', "import Ajv from 'ajv';\nimport { createHash } from 'node:crypto';"],
    [
      'src/functions/probe.ts',
      "import { app } from '@azure/functions';\nimport * as df from 'durable-functions';\nimport { activities } from '../activities';",
    ],
    [
      'tools/local/probe.ts',
      "import { startEmulator } from '@privatelink-autopilot/arm-emulator';\nimport { planReconcile } from '../../src/core/plan';",
    ],
    [
      'packages/arm-emulator/src/probe.ts',
      "import { parseArmId } from './arm-id';\nimport { generate } from 'selfsigned';",
    ],
  ])('%s allows its own direction', async (file, code) => {
    expect(await restrictedImports(file, code)).toEqual([]);
  });
});

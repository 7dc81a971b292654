import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NetworkManagementClient } from '@azure/arm-network';
import { describe, expect, it } from 'vitest';
import { runEmulatorCli, type CliIo } from '../../src/cli';
import { emulatorClientSetup } from '../../src/client-options';
import { scenarioNames } from '../../src/scenarios';
import { ELASTIC_ALIAS_FACTS } from '../../src/scenarios/elastic-alias';
import { startEmulator } from '../../src/server';
import { RecordingSink } from './harness';

function fakeIo(): CliIo & { out: string[]; err: string[]; stop: () => void; started: Promise<void> } {
  let stop = (): void => undefined;
  let announce = (): void => undefined;
  const started = new Promise<void>((resolve) => (announce = resolve));
  const out: string[] = [];
  return {
    out,
    err: [],
    started,
    stop: () => stop(),
    stdout(text) {
      out.push(text);
      announce();
    },
    stderr(text) {
      this.err.push(text);
    },
    stopSignal: () => new Promise<void>((resolve) => (stop = resolve)),
  };
}

function parseIdFacts(id: string): { resourceGroup: string; name: string; subscription: string } {
  const parts = id.split('/');
  return {
    subscription: parts[2] as string,
    resourceGroup: parts[4] as string,
    name: parts[parts.length - 1] as string,
  };
}

describe('emulator CLI', () => {
  it('prints exactly one JSON line, serves the named scenario, and cleans up on stop', async () => {
    const io = fakeIo();
    const certDir = mkdtempSync(join(tmpdir(), 'emulator-cli-'));
    const exit = runEmulatorCli(['--port', '0', '--scenario', 'elastic-alias', '--cert-dir', certDir], io);
    await io.started;
    expect(io.out).toHaveLength(1);
    expect(io.out[0]?.endsWith('\n')).toBe(true);
    const line = JSON.parse(io.out[0] as string) as Record<string, string>;
    expect(Object.keys(line)).toEqual(['armEndpoint', 'caCertPath', 'adminEndpoint']);
    expect(line.caCertPath?.startsWith(certDir)).toBe(true);
    expect(existsSync(line.caCertPath as string)).toBe(true);

    const setup = emulatorClientSetup({
      armEndpoint: line.armEndpoint as string,
      caCertPath: line.caCertPath as string,
    });
    const facts = parseIdFacts(ELASTIC_ALIAS_FACTS.endpointId);
    const network = new NetworkManagementClient(setup.credential, facts.subscription, setup.options);
    const endpoint = await network.privateEndpoints.get(facts.resourceGroup, facts.name);
    expect(endpoint.manualPrivateLinkServiceConnections?.[0]?.privateLinkServiceConnectionState?.status).toBe(
      'Pending',
    );
    expect(endpoint.customDnsConfigs).toEqual([]);
    const nic = await network.networkInterfaces.get(
      facts.resourceGroup,
      endpoint.networkInterfaces?.[0]?.id?.split('/').pop() as string,
    );
    expect(nic.ipConfigurations?.[0]?.privateIPAddress).toBe(ELASTIC_ALIAS_FACTS.expectedIp);

    io.stop();
    expect(await exit).toBe(0);
    expect(existsSync(line.caCertPath as string)).toBe(false);
    expect(io.out).toHaveLength(1);
  });

  it('loads a scenario file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emulator-cli-'));
    const file = join(dir, 'world.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'file',
        description: '',
        steps: [
          {
            method: 'PUT',
            path: '/subscriptions/s1/resourceGroups/rg-file',
            apiVersion: '2021-04-01',
            body: { location: 'westus' },
          },
        ],
      }),
    );
    const io = fakeIo();
    const exit = runEmulatorCli(['--scenario', file, '--cert-dir', dir], io);
    await io.started;
    const line = JSON.parse(io.out[0] as string) as Record<string, string>;
    const setup = emulatorClientSetup({
      armEndpoint: line.armEndpoint as string,
      caCertPath: line.caCertPath as string,
    });
    const network = new NetworkManagementClient(setup.credential, 's1', setup.options);
    await expect(network.privateEndpoints.get('rg-file', 'none')).rejects.toMatchObject({ code: 'ResourceNotFound' });
    io.stop();
    expect(await exit).toBe(0);
  });

  it.each([
    [['--port', 'x'], /--port/],
    [['--scenario', 'no-such-scenario'], /not a file and not a named scenario/],
    [['--bogus'], /bogus/],
    [['--events-to', 'ftp://nowhere'], /--events-to/],
  ])('%j is a usage error (exit 2) with a message on stderr and nothing on stdout', async (argv, message) => {
    const io = fakeIo();
    expect(await runEmulatorCli(argv, io)).toBe(2);
    expect(io.out).toEqual([]);
    expect(io.err.join('')).toMatch(message);
  });
});

describe('named scenarios', () => {
  it.each(scenarioNames())('%s applies through the loader', async (name) => {
    const emulator = await startEmulator({ events: new RecordingSink() });
    try {
      const result = await emulator.loadScenario(name);
      expect(result.steps).toBeGreaterThan(0);
      expect(emulator.state.size).toBeGreaterThan(0);
      expect(emulator.lro.list().every((op) => op.status === 'Succeeded')).toBe(true);
    } finally {
      await emulator.close();
    }
  });
});

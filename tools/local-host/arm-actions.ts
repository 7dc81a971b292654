/**
 * What a person (or their pipeline) does to Azure in the stories, through the official SDK pipeline against the
 * emulator: no call goes to the host. The function app learns of each change only from the events ARM emits.
 */
import { createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import type { ScenarioStep } from '@privatelink-autopilot/arm-emulator';
import type { ArmClients } from '../../src/azure/clients';

const SETTLED = new Set(['succeeded', 'failed', 'canceled']);

/** PUT or DELETE one request of the emulator's scenario builders, then wait until the resource settles. */
export async function applyThroughArm(clients: ArmClients, step: ScenarioStep, timeoutMs = 30_000): Promise<void> {
  await send(clients, step.method, step.path, step.apiVersion, step.body);
  if (step.method === 'DELETE') {
    await until(
      timeoutMs,
      async () => (await send(clients, 'GET', step.path, step.apiVersion, undefined, [404])).status === 404,
      `${step.path} to be deleted`,
    );
    return;
  }
  await until(
    timeoutMs,
    async () => {
      const body = (await send(clients, 'GET', step.path, step.apiVersion)).body as
        { properties?: { provisioningState?: string } } | undefined;
      return SETTLED.has(String(body?.properties?.provisioningState ?? 'Succeeded').toLowerCase());
    },
    `${step.path} to settle`,
  );
}

async function send(
  clients: ArmClients,
  method: string,
  path: string,
  apiVersion: string,
  body?: unknown,
  allowed: number[] = [],
): Promise<{ status: number; body: unknown }> {
  const url = `${clients.target.endpoint}${path}?api-version=${apiVersion}`;
  const request = createPipelineRequest({
    url,
    method: method as 'GET',
    headers: createHttpHeaders({ 'content-type': 'application/json' }),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const response = await clients.generic().sendRequest(request);
  if (response.status >= 400 && !allowed.includes(response.status))
    throw new Error(`${method} ${path}: ${response.status} ${response.bodyAsText ?? ''}`);
  return {
    status: response.status,
    body: response.bodyAsText ? (JSON.parse(response.bodyAsText) as unknown) : undefined,
  };
}

export async function until(
  timeoutMs: number,
  check: () => Promise<boolean>,
  what: string,
  intervalMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

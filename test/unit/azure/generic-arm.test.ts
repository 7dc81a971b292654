import { createHttpHeaders, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import type { ArmClients } from '../../../src/azure/clients';
import { classifyArmError } from '../../../src/azure/errors';
import { GenericArm } from '../../../src/azure/generic-arm';
import { childPath, resourceRef } from '../../../src/azure/arm-ref';

const ARM = 'https://management.azure.com';
const VAULT =
  '/subscriptions/00000000-0000-0000-0000-00000000000a/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv';
const VAULT_PATH = resourceRef(VAULT, 'vault').path;
const CONNECTIONS_PATH = childPath(VAULT_PATH, ['privateEndpointConnections']);

interface Scripted {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Clients whose generic requests answer from a script, in order, recording the URLs asked for. */
function scriptedClients(script: Scripted[], deadline?: AbortSignal): { clients: ArmClients; urls: string[] } {
  const urls: string[] = [];
  const sendRequest = async (request: PipelineRequest): Promise<PipelineResponse> => {
    urls.push(request.url);
    const next = script.shift();
    if (!next) throw new Error(`unexpected request ${request.method} ${request.url}`);
    return {
      request,
      status: next.status,
      headers: createHttpHeaders(next.headers),
      bodyAsText: next.body === undefined ? '' : JSON.stringify(next.body),
    };
  };
  const clients = {
    target: { endpoint: ARM, audience: `${ARM}/.default` },
    generic: () => ({ sendRequest }),
    deadline,
  };
  return { clients: clients as unknown as ArmClients, urls };
}

describe('GenericArm.list', () => {
  it('follows nextLink across empty pages until it is null', async () => {
    const { clients, urls } = scriptedClients([
      {
        status: 200,
        body: { value: [], nextLink: `${ARM}${VAULT}/privateEndpointConnections?api-version=1&$skipToken=0` },
      },
      {
        status: 200,
        body: {
          value: [{ id: 'a' }],
          nextLink: `${ARM}${VAULT}/privateEndpointConnections?api-version=1&$skipToken=1`,
        },
      },
      { status: 200, body: { value: [{ id: 'b' }], nextLink: null } },
    ]);
    expect(await new GenericArm(clients).list(CONNECTIONS_PATH, '1')).toEqual([{ id: 'a' }, { id: 'b' }]);
    expect(urls[0]).toBe(`${ARM}${VAULT}/privateEndpointConnections?api-version=1`);
    expect(urls).toHaveLength(3);
  });

  it('does not send the token to a nextLink outside ARM', async () => {
    const { clients, urls } = scriptedClients([
      { status: 200, body: { value: [], nextLink: 'https://attacker.example/steal' } },
    ]);
    await expect(new GenericArm(clients).list(VAULT_PATH, '1')).rejects.toThrow(
      /nextLink "https:\/\/attacker\.example\/steal" does not point at the ARM endpoint/,
    );
    expect(urls).toHaveLength(1);
  });

  it('throws ARM errors as RestErrors the classifier reads', async () => {
    const { clients } = scriptedClients([
      { status: 404, body: { error: { code: 'ParentResourceNotFound', message: 'Vault kv not found.' } } },
    ]);
    const error = await new GenericArm(clients).list(VAULT_PATH, '1').catch((e: unknown) => e);
    expect(classifyArmError(error)).toEqual({
      transient: false,
      status: 404,
      code: 'ParentResourceNotFound',
      message: 'Vault kv not found.',
    });
  });
});

describe('GenericArm.putAndWait', () => {
  const connection = `${VAULT}/privateEndpointConnections/pe`;
  const connectionPath = resourceRef(connection, 'connection').path;
  const operation = `${ARM}/subscriptions/s/providers/Microsoft.DocumentDB/locations/westus/operationsStatus/op1?api-version=1`;

  it('returns a synchronous answer without polling', async () => {
    const { clients, urls } = scriptedClients([{ status: 200, body: { id: connection } }]);
    expect(await new GenericArm(clients).putAndWait(connectionPath, '1', {})).toEqual({ id: connection });
    expect(urls).toHaveLength(1);
  });

  it('polls Azure-AsyncOperation to Succeeded, then reads the resource', async () => {
    const { clients, urls } = scriptedClients([
      { status: 202, headers: { 'azure-asyncoperation': operation, location: `${operation}&result` } },
      { status: 200, body: { status: 'InProgress' } },
      { status: 200, body: { status: 'Succeeded' } },
      { status: 200, body: { id: connection, properties: { provisioningState: 'Succeeded' } } },
    ]);
    const result = await new GenericArm(clients, { updateIntervalInMs: 1 }).putAndWait(connectionPath, '1', {});
    expect(result).toMatchObject({ properties: { provisioningState: 'Succeeded' } });
    expect(urls.slice(1, 3)).toEqual([operation, operation]);
  });

  it('reports a Failed operation with its code and message', async () => {
    const { clients } = scriptedClients([
      { status: 201, headers: { 'azure-asyncoperation': operation } },
      {
        status: 200,
        body: { status: 'Failed', error: { code: 'ConnectionUpdateFailed', message: 'The cluster is busy.' } },
      },
    ]);
    const error = await new GenericArm(clients, { updateIntervalInMs: 1 })
      .putAndWait(connectionPath, '1', {})
      .catch((e: unknown) => e);
    expect(classifyArmError(error)).toEqual({
      transient: false,
      code: 'ConnectionUpdateFailed',
      message: 'The cluster is busy.',
    });
  });

  it("stops waiting out a long Retry-After when the run's deadline passes", async () => {
    const { clients, urls } = scriptedClients(
      [
        { status: 202, headers: { 'azure-asyncoperation': operation, 'retry-after': '600' } },
        { status: 200, body: { status: 'Succeeded' } },
        { status: 200, body: { id: connection } },
      ],
      AbortSignal.timeout(20),
    );
    const started = performance.now();
    await new GenericArm(clients).putAndWait(connectionPath, '1', {});
    expect(performance.now() - started).toBeLessThan(5000);
    expect(urls).toHaveLength(3);
  });

  it('gives up after the configured number of polls', async () => {
    const { clients } = scriptedClients([
      { status: 202, headers: { 'azure-asyncoperation': operation } },
      { status: 200, body: { status: 'Dequeued' } },
      { status: 200, body: { status: 'Dequeued' } },
    ]);
    const waiting = new GenericArm(clients, { updateIntervalInMs: 1, maxPolls: 2 }).putAndWait(connectionPath, '1', {});
    await expect(waiting).rejects.toThrow(/not finished after 2 polls/);
  });
});

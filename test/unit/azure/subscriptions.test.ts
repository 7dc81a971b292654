import { createHttpHeaders, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { describe, expect, it } from 'vitest';
import type { ArmClients } from '../../../src/azure/clients';
import { SubscriptionAdapter } from '../../../src/azure/subscriptions';

const ARM = 'https://management.azure.com';
const SUB = '11111111-1111-1111-1111-11111111111a';

function clientsAnswering(value: unknown[]): ArmClients {
  const sendRequest = async (request: PipelineRequest): Promise<PipelineResponse> => ({
    request,
    status: 200,
    headers: createHttpHeaders(),
    bodyAsText: JSON.stringify({ value }),
  });
  return {
    target: { endpoint: ARM, audience: `${ARM}/.default` },
    generic: () => ({ sendRequest }),
  } as unknown as ArmClients;
}

describe('SubscriptionAdapter.listSubscriptions', () => {
  it('keeps only subscription IDs that are GUIDs: the scope goes into every URL path', async () => {
    const clients = clientsAnswering([
      { subscriptionId: SUB.toUpperCase() },
      { subscriptionId: '..' },
      { subscriptionId: `${SUB}?x=` },
      { subscriptionId: SUB, state: 'Disabled' },
    ]);
    expect(await new SubscriptionAdapter(clients).listSubscriptions()).toEqual([SUB]);
  });
});

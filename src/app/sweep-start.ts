/** The timer's start of the orphan sweep: a singleton, so a sweep still running is left alone rather than doubled. */
import { SWEEP_INSTANCE_ID, SWEEP_ORPHANS } from '../orchestrations/contract';
import { isActive, statusOf, type InstanceClient } from './starter';

export async function startSweep(client: Pick<InstanceClient, 'startNew' | 'getStatus'>): Promise<string> {
  if (isActive(await statusOf(client, SWEEP_INSTANCE_ID))) {
    return `orphan sweep still running (${SWEEP_INSTANCE_ID}); not started again`;
  }
  await client.startNew(SWEEP_ORPHANS, { instanceId: SWEEP_INSTANCE_ID, input: {} });
  return `orphan sweep started (${SWEEP_INSTANCE_ID})`;
}

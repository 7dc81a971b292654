/** The timer's start of the orphan sweep: a singleton, so a sweep still running is left alone rather than doubled. */
import { SWEEP_INSTANCE_ID, SWEEP_ORPHANS } from '../orchestrations/names';
import type { InstanceClient } from './starter';

const ACTIVE = new Set(['pending', 'running', 'continuedasnew']);

export async function startSweep(client: Pick<InstanceClient, 'startNew' | 'getStatus'>): Promise<string> {
  const status = await client.getStatus(SWEEP_INSTANCE_ID).catch(() => undefined);
  if (typeof status?.runtimeStatus === 'string' && ACTIVE.has(status.runtimeStatus.toLowerCase())) {
    return `orphan sweep still running (${SWEEP_INSTANCE_ID}); not started again`;
  }
  await client.startNew(SWEEP_ORPHANS, { instanceId: SWEEP_INSTANCE_ID, input: {} });
  return `orphan sweep started (${SWEEP_INSTANCE_ID})`;
}

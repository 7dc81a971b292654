/**
 * One DNS record write, conditional on what was observed. A 412 means someone changed the record meanwhile: the
 * zone is read again and the record planned again, once; a second 412 is reported as a conflict, never retried.
 */
import type { ObservedRecordSet } from '../core/model';
import { recordSetId, type ChangeOutcome, type PlanConflict } from '../core/plan';
import { recordFqdn } from '../core/plan/dns/names';
import type { DnsRecordChange } from '../core/plan/dns/types';
import type { EngineContext } from './context';
import { describeError } from './failures';

export interface DnsWriteOutcome {
  /** The change as finally attempted (planned again after a 412). */
  record: DnsRecordChange;
  outcome: ChangeOutcome;
  error?: string;
  detail?: string;
  conflict?: PlanConflict;
}

/** Plans the record again from a fresh read of its name (empty: it does not exist); undefined when nothing is left to do. */
export type Replan = (zoneId: string, name: string, records: ObservedRecordSet[]) => DnsRecordChange | undefined;

export async function writeRecord(
  ctx: Pick<EngineContext, 'arm' | 'log'>,
  change: DnsRecordChange,
  replan: Replan,
): Promise<DnsWriteOutcome> {
  const { dns } = ctx.arm;
  try {
    const first = await dns.applyChange(change);
    if (first.outcome !== 'precondition-failed') return written(change, first.outcome);
    ctx.log(`dns: ${change.action} ${change.fqdn}: ${first.message}; reading it again and planning once more`);
    const fresh = await dns.getRecordSets(change.zoneId, [change.name]);
    const again = replan(change.zoneId, change.name, fresh.records);
    if (!again || again.action === 'keep') {
      return {
        record: again ?? change,
        outcome: 'unchanged',
        detail: 'changed by someone else meanwhile (412); planned again: nothing left to do',
      };
    }
    const second = await dns.applyChange(again);
    if (second.outcome !== 'precondition-failed') {
      return {
        ...written(again, second.outcome),
        detail: 'changed by someone else meanwhile (412); planned again and written',
      };
    }
    return {
      record: again,
      outcome: 'failed',
      error: `precondition failed twice (412): ${second.message}`,
      conflict: raceConflict(again, second.message),
    };
  } catch (error) {
    return { record: change, outcome: 'failed', error: describeError(ctx, error) };
  }
}

function written(record: DnsRecordChange, outcome: 'applied' | 'unchanged'): DnsWriteOutcome {
  return { record, outcome: outcome === 'applied' ? 'done' : 'unchanged' };
}

function raceConflict(change: DnsRecordChange, message: string): PlanConflict {
  return {
    resourceId: recordSetId(change.zoneId, change.name),
    zoneId: change.zoneId,
    zone: change.zone,
    name: change.name,
    fqdn: change.fqdn || recordFqdn(change.zone, change.name),
    claimants: change.endpoints.map((endpointId) => ({ endpointId, ips: change.ips })),
    ...(change.previousIps.length > 0 ? { currentIps: change.previousIps } : {}),
    reason: `another writer changed the record twice while it was being ${change.action}d (${message}); left for the next run`,
  };
}

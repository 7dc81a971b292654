/** Lines the CLI prints say what happened: an unreadable zone is not "out of scope", deletes that ran were not "held". */
import { describe, expect, it } from 'vitest';
import { MONGO_VCORE_FACTS } from '@privatelink-autopilot/arm-emulator';
import { ORPHANS_FACTS } from '@privatelink-autopilot/arm-emulator';
import { SEED_COSMOS_FACTS } from '@privatelink-autopilot/arm-emulator';
import type { AdapterWorld } from '../azure/support';
import { requestLog } from '../engine/support';
import { runAgainst, useCliWorld } from './support';

let world: AdapterWorld;
/** A refusal ARM does not retry, so each run fails at once. */
const refuse = (path: string) => world.fault({ kind: 'conflict', status: 409, code: 'AuthorizationFailed', path });

useCliWorld('demo', (started) => {
  world = started;
});

describe('a zone that could not be read', () => {
  it('plan says it could not be read, not that it is out of scope', async () => {
    // A run about one resource reads the names its endpoints claim (a GET each); a whole scope lists the zone.
    refuse('/privateDnsZones/privatelink\\.documents\\.azure\\.com/A(/|$)');
    const { stdout, stderr } = await runAgainst(world, ['plan', '--resource', SEED_COSMOS_FACTS.accountId]);
    expect(stdout).not.toContain('is not in scope');
    expect(stdout).toMatch(
      /zone-unreadable +seed-cosmos\.privatelink\.documents\.azure\.com +zone privatelink\.documents\.azure\.com could not be read \(AuthorizationFailed: /,
    );
    expect(stderr).toContain('records /subscriptions/');
  });
});

describe('apply with something unreadable', () => {
  const deletesSince = async (start: number) =>
    (await requestLog(world)).slice(start).filter((r) => r.method === 'DELETE');

  it('says deletes were held when an endpoint could not be read, and deletes nothing', async () => {
    // A whole scope lists the NICs; when that fails each endpoint's NIC is read alone, and this one is refused.
    refuse('/providers/Microsoft.Network/networkInterfaces$');
    refuse(`/networkInterfaces/${SEED_COSMOS_FACTS.endpointId.split('/').pop()}\\.nic\\.`);
    const start = (await requestLog(world)).length;
    const { code, stderr } = await runAgainst(world, ['apply', '--yes']);
    expect(code).toBe(1);
    expect(await deletesSince(start)).toEqual([]);
    // The unreadable endpoint's four records look unclaimed, like the three orphans: all seven deletes are held.
    expect(stderr).toMatch(
      /apply: incomplete: 1 resource\(s\) could not be read, so 7 DNS delete\(s\) were held; run again when they can be/,
    );
    expect(stderr).toContain('(an endpoint could not be read, so DNS deletes are held)');
  });

  it('does not say deletes were held when none was: records nobody claims are left to the orphan sweep', async () => {
    // A whole scope finds the clusters' connections in their listing: refusing it leaves them unread (no claims lost).
    refuse(
      `/subscriptions/${MONGO_VCORE_FACTS.clusterId.split('/')[2]}/providers/Microsoft\\.DocumentDB/mongoClusters$`,
    );
    const start = (await requestLog(world)).length;
    const { code, stdout, stderr } = await runAgainst(world, ['apply', '--yes']);
    expect(code).toBe(1);
    expect(await deletesSince(start)).toEqual([]);
    expect(stdout.match(/left-to-orphan-sweep/g)).toHaveLength(ORPHANS_FACTS.ownedOrphans.length);
    expect(stderr).not.toContain('held');
    expect(stderr).toMatch(/apply: incomplete: 1 resource\(s\) could not be read; run again when they can be/);
  });
});

/**
 * The invariants, read from the emulator and never from the app: each write is judged at the moment it reached ARM
 * (a write-log observer sees the world as it was when the write arrived), and the final state once the system has
 * gone quiet.
 *
 * - never-deleted: no A record that a live Approved endpoint claims is deleted, or loses a claimed IP, even for a
 *   moment. A delete can also become wrong in transit (an injected delay, then another run refreshes the endpoint
 *   before ARM applies it): that is counted as an in-flight race, not a violation — the app could not have known —
 *   and the final state shows whether the record came back;
 * - policy-only: no connection is approved (or rejected) unless the policy decides so for it at that moment;
 * - in-scope: writes go only to the scope subscriptions, and DNS writes only to the zone resource groups;
 * - own-records-only: records without our ownership metadata (or another instance's) are never changed;
 * - known-writes: the app writes only A records, endpoint refreshes and connection decisions;
 * - converged (final): DNS equals what live Approved endpoints claim (every claimed name has its record with the
 *   endpoints' IPs in every zone copy that serves it, including records people deleted or changed meanwhile), no owned
 *   orphan is left after the sweep's grace, and no endpoint still asks for Recreate;
 * - taken-over (final): a record a person took over (our metadata removed) holds exactly what they wrote.
 *
 * With several copies of a zone in scope (regional hubs), each is judged on its own: a claim counts only in the copies
 * that serve its endpoint's network (`servingCopies`); a claim no copy can be said to serve protects its name in all.
 */
import type { RunningEmulator, WriteLogEntry } from '@privatelink-autopilot/arm-emulator';
import {
  approvedClaims,
  observedEndpoints,
  policyDecision,
  recordKey,
  servingCopies,
  ZONE_TYPE,
  type Claim,
  type Oracle,
} from './oracle';

export interface Violation {
  invariant:
    'never-deleted' | 'policy-only' | 'in-scope' | 'own-records-only' | 'known-writes' | 'converged' | 'taken-over';
  detail: string;
}

export interface ScopeRules {
  subscriptions: string[];
  dnsSubscription: string;
  dnsResourceGroups: string[];
  instance: string;
}

const RECORD_SET = /\/providers\/Microsoft\.Network\/privateDnsZones\/([^/]+)\/([A-Za-z]+)\/([^/]+)$/i;
const ENDPOINT = /\/providers\/Microsoft\.Network\/privateEndpoints\/[^/]+$/i;
const CONNECTION = /\/privateEndpointConnections\/[^/]+$/i;
const OWNER = { key: 'managedBy', value: 'privatelink-autopilot', instanceKey: 'autopilotInstance' };

interface Pending {
  entry: Readonly<WriteLogEntry>;
  violation: Violation;
}

/** Watches every write from now on; `violations()` keeps those whose write took effect (status < 400). */
export class WriteWatch {
  private readonly pending: Pending[] = [];
  private readonly stop: () => void;
  /** Writes seen, by what they were. */
  readonly seen = { records: 0, recordDeletes: 0, refreshes: 0, decisions: 0, other: 0 };
  /** Deletes (or IP drops) right when sent that an endpoint claimed by the time ARM applied them. */
  readonly inFlight: string[] = [];
  private readonly flaggedAtArrival = new Set<number>();

  constructor(
    private readonly emulator: RunningEmulator,
    private readonly oracle: Oracle,
    private readonly scope: ScopeRules,
  ) {
    this.stop = emulator.writes.observe((entry, read, moment) =>
      moment === 'arrival' ? this.judge(entry, read) : this.judgeInFlight(entry, read),
    );
  }

  close(): void {
    this.stop();
  }

  violations(): Violation[] {
    return this.pending.filter((p) => p.entry.status > 0 && p.entry.status < 400).map((p) => p.violation);
  }

  private flag(entry: Readonly<WriteLogEntry>, invariant: Violation['invariant'], why: string): void {
    this.flaggedAtArrival.add(entry.seq);
    this.pending.push({
      entry,
      violation: { invariant, detail: `${entry.method} ${entry.path} at ${entry.time}: ${why}` },
    });
  }

  /** In-flight races: count (at the moment the write is applied) what was right when it was sent and is not now. */
  private judgeInFlight(entry: Readonly<WriteLogEntry>, read: (path: string) => unknown): void {
    if (this.flaggedAtArrival.has(entry.seq)) return;
    const dropped = this.claimedNamesDropped(entry, read);
    if (dropped) this.inFlight.push(`${entry.method} ${entry.path}: ${dropped}`);
  }

  /** For a DELETE of an A record, or a write of one that drops an IP it held: the live Approved claims it breaks. */
  private claimedNamesDropped(entry: Readonly<WriteLogEntry>, read: (path: string) => unknown): string | undefined {
    const record = RECORD_SET.exec(entry.path);
    if (!record || (record[2] ?? '').toUpperCase() !== 'A') return undefined;
    const [, zone = '', , name = ''] = record;
    const zoneId = entry.path.replace(/\/[A-Za-z]+\/[^/]+$/, ''); // the record set's zone: …/privateDnsZones/<zone>
    const copies = copiesInScope(this.emulator, this.scope, zone);
    const claims = approvedClaims(this.oracle, this.emulator, read).filter(
      (c) =>
        recordKey(c.zone, c.name) === recordKey(zone, name) &&
        // A record in a copy out of scope is judged against every claim; in scope, against the copy's own.
        (!copies.includes(zoneId.toLowerCase()) || claimsIn(this.emulator, c, copies, zoneId)),
    );
    if (claims.length === 0) return undefined;
    if (entry.method === 'DELETE')
      return `deleted while ${claims.map((c) => `${short(c.endpointId)} (${c.ip})`).join(', ')} claimed it`;
    // An update that drops an IP the record held and an endpoint still claims deletes that endpoint's record.
    const written = ipsOf(entry.body ?? {});
    const held = ipsOf(read(entry.path) ?? {});
    const dropped = claims.filter((c) => held.includes(c.ip) && !written.includes(c.ip));
    const replacesIps =
      entry.method === 'PUT' ||
      Array.isArray((entry.body as { properties?: { aRecords?: unknown } } | undefined)?.properties?.aRecords);
    return replacesIps && dropped.length > 0
      ? `writes ${JSON.stringify(written)}, dropping ${dropped.map((c) => `${c.ip} of ${short(c.endpointId)}`).join(', ')}`
      : undefined;
  }

  private judge(entry: Readonly<WriteLogEntry>, read: (path: string) => unknown): void {
    const outside = scopeProblem(this.scope, entry.path);
    if (outside) this.flag(entry, 'in-scope', outside);

    const record = RECORD_SET.exec(entry.path);
    if (record) {
      this.seen.records += 1;
      const type = record[2] ?? '';
      const metadata =
        (entry.before?.body as { properties?: { metadata?: Record<string, string> } } | undefined)?.properties
          ?.metadata ?? {};
      if (
        entry.before &&
        (metadata[OWNER.key] !== OWNER.value || metadata[OWNER.instanceKey] !== this.scope.instance)
      ) {
        this.flag(
          entry,
          'own-records-only',
          `the record set carries ${JSON.stringify(metadata)}, not our ownership metadata`,
        );
      }
      if (type.toUpperCase() !== 'A') return this.flag(entry, 'known-writes', `a ${type} record set`);
      if (entry.method === 'DELETE') this.seen.recordDeletes += 1;
      const dropped = this.claimedNamesDropped(entry, read);
      if (dropped) this.flag(entry, 'never-deleted', dropped);
      return;
    }
    if (CONNECTION.test(entry.path) && entry.method === 'PUT') {
      this.seen.decisions += 1;
      const status = (
        entry.body as { properties?: { privateLinkServiceConnectionState?: { status?: string } } } | undefined
      )?.properties?.privateLinkServiceConnectionState?.status;
      const wanted = status === 'Approved' ? 'approve' : status === 'Rejected' ? 'reject' : undefined;
      if (!wanted) return this.flag(entry, 'known-writes', `a connection PUT setting status ${JSON.stringify(status)}`);
      const decided = policyDecision(this.oracle, entry.path, read);
      if (!decided)
        return this.flag(entry, 'policy-only', `${status} a connection that could not be read at that moment`);
      // The same decision again (a retried or replayed write after the first went through) decides nothing new.
      if (decided.status === status) return;
      if (decided.decision !== wanted)
        this.flag(entry, 'policy-only', `${status}, but the policy says ${decided.decision}: ${decided.why}`);
      return;
    }
    if (ENDPOINT.test(entry.path) && entry.method === 'PUT') {
      this.seen.refreshes += 1;
      if (!entry.before) this.flag(entry, 'known-writes', 'created an endpoint (the app only refreshes existing ones)');
      return;
    }
    this.seen.other += 1;
    this.flag(entry, 'known-writes', 'not an A record, an endpoint refresh or a connection decision');
  }
}

/** Why a write to `path` is outside the scope, or undefined. */
export function scopeProblem(scope: ScopeRules, path: string): string | undefined {
  const [, subscriptions, subscription = '', groups, group = ''] = path.split('/');
  if (subscriptions?.toLowerCase() !== 'subscriptions') return 'not below a subscription';
  if (/\/providers\/Microsoft\.Network\/privateDnsZones\//i.test(path)) {
    if (subscription.toLowerCase() !== scope.dnsSubscription.toLowerCase())
      return `DNS write in subscription ${subscription}, not the zone subscription`;
    if (groups?.toLowerCase() !== 'resourcegroups' || !scope.dnsResourceGroups.includes(group.toLowerCase()))
      return `DNS write in resource group ${group}, not one of ${scope.dnsResourceGroups.join(', ')}`;
    return undefined;
  }
  return scope.subscriptions.includes(subscription.toLowerCase())
    ? undefined
    : `write in subscription ${subscription}, outside the scope`;
}

/** The final state against what the world asks for (`orphans: false`: owned records nobody claims are not counted yet). */
export function convergence(
  oracle: Oracle,
  emulator: RunningEmulator,
  scope: ScopeRules,
  options: { orphans?: boolean } = {},
): Violation[] {
  const problems: string[] = [];
  const read = (path: string) => emulator.read(path);
  const claims = approvedClaims(oracle, emulator, read);
  for (const endpoint of observedEndpoints(emulator, read)) {
    if (!scope.subscriptions.includes((endpoint.id.split('/')[2] ?? '').toLowerCase())) continue;
    if (endpoint.provisioningState.toLowerCase() !== 'succeeded')
      problems.push(`${short(endpoint.id)} is ${endpoint.provisioningState}`);
    if ((endpoint.actionsRequired ?? '').toLowerCase() === 'recreate')
      problems.push(`${short(endpoint.id)} still asks for Recreate`);
  }
  const zones = emulator.state.listAll(ZONE_TYPE).filter((z) => scopeProblem(scope, `${z.id}/A/x`) === undefined);
  // Per copy of each zone (zone ID): the IPs its records must hold, and the names claimants it cannot be said to serve keep.
  const desired = new Map<string, Map<string, Set<string>>>();
  const kept = new Set<string>();
  for (const claim of claims) {
    if (claim.zoneGroup) continue;
    const copies = copiesInScope(emulator, scope, claim.zone);
    const serving = servingCopies(emulator, claim, copies);
    if (serving.ambiguous) for (const zoneId of copies) kept.add(`${zoneId}|${claim.name.toLowerCase()}`);
    for (const zoneId of serving.copies) {
      const names = desired.get(zoneId) ?? new Map<string, Set<string>>();
      names.set(claim.name.toLowerCase(), (names.get(claim.name.toLowerCase()) ?? new Set()).add(claim.ip));
      desired.set(zoneId, names);
    }
  }
  const copyName = (zone: { id: string; name: string }) =>
    zones.filter((z) => z.name.toLowerCase() === zone.name.toLowerCase()).length > 1
      ? `${zone.name.toLowerCase()} (copy in ${zone.id.split('/')[4]})`
      : zone.name.toLowerCase();
  for (const zone of zones) {
    const zoneName = copyName(zone);
    const wanted = desired.get(zone.id.toLowerCase()) ?? new Map<string, Set<string>>();
    const records = new Map(emulator.state.children(zone.id, `${ZONE_TYPE}/A`).map((r) => [r.name.toLowerCase(), r]));
    for (const [name, ips] of wanted) {
      const record = records.get(name);
      if (!record) {
        problems.push(`${name}.${zoneName} is missing (claimed: ${[...ips].join(', ')})`);
        continue;
      }
      if (!owned(record.body, scope)) continue; // someone else's record for that name: reported by the app, left alone
      const have = ipsOf(record.body);
      if (have.join(',') !== [...ips].sort().join(','))
        problems.push(`${name}.${zoneName} → ${have.join(', ')}, expected ${[...ips].sort().join(', ')}`);
    }
    for (const [name, record] of records) {
      if (options.orphans === false) break;
      if (owned(record.body, scope) && !wanted.has(name) && !kept.has(`${zone.id.toLowerCase()}|${name}`))
        problems.push(
          `${name}.${zoneName} is ours but claimed by no live Approved endpoint it serves (left after the sweep's grace)`,
        );
    }
  }
  return problems.map((detail) => ({ invariant: 'converged', detail }));
}

/** Lower-case IDs of the copies of a zone in the DNS scope. */
function copiesInScope(emulator: RunningEmulator, scope: ScopeRules, zone: string): string[] {
  return emulator.state
    .listAll(ZONE_TYPE)
    .filter((z) => z.name.toLowerCase() === zone.toLowerCase() && scopeProblem(scope, `${z.id}/A/x`) === undefined)
    .map((z) => z.id.toLowerCase());
}

/** Whether the claim counts in this copy: it serves the claim's network, or no copy can be said to (all keep it). */
function claimsIn(emulator: RunningEmulator, claim: Claim, copies: readonly string[], zoneId: string): boolean {
  const serving = servingCopies(emulator, claim, copies);
  return serving.ambiguous || serving.copies.includes(zoneId.toLowerCase());
}

/** Records people took over, against what they wrote (the app changes none of them, deletes none of them). */
export function takenOverUntouched(
  emulator: RunningEmulator,
  takenOver: ReadonlyMap<string, { ips: string[]; metadata: Record<string, string> }>,
): Violation[] {
  const problems: Violation[] = [];
  for (const [id, wrote] of takenOver) {
    const body = emulator.read(id);
    const metadata = (body as { properties?: { metadata?: Record<string, string> } } | undefined)?.properties?.metadata;
    if (!body) problems.push({ invariant: 'taken-over', detail: `${short(id)}, taken over by a person, is gone` });
    else if (
      ipsOf(body).join(',') !== [...wrote.ips].sort().join(',') ||
      JSON.stringify(metadata) !== JSON.stringify(wrote.metadata)
    )
      problems.push({
        invariant: 'taken-over',
        detail: `${short(id)}, taken over by a person, now holds ${ipsOf(body).join(', ')} ${JSON.stringify(metadata)}`,
      });
  }
  return problems;
}

function owned(body: unknown, scope: ScopeRules): boolean {
  const metadata = (body as { properties?: { metadata?: Record<string, string> } }).properties?.metadata ?? {};
  return metadata[OWNER.key] === OWNER.value && metadata[OWNER.instanceKey] === scope.instance;
}

function ipsOf(body: unknown): string[] {
  return ((body as { properties?: { aRecords?: Array<{ ipv4Address: string }> } }).properties?.aRecords ?? [])
    .map((r) => r.ipv4Address)
    .sort();
}

function short(id: string): string {
  return id.split('/').pop() ?? id;
}

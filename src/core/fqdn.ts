/**
 * Public FQDN → (private DNS zone, record name), through the catalogue. A name matches a rule's public suffix
 * (`acct-westus.documents.azure.com`), its zone (`acct.privatelink.documents.azure.com`) or an alternative zone; the
 * longest, most literal match wins, and a name nothing matches is reported as unmapped, never guessed.
 */
import type { Catalogue, CatalogueEntry, CompiledZoneRule, TargetContext } from './catalogue';
import { matchesTarget } from './catalogue';
import { type Bindings, type DnsPattern, instantiate, literalTail, matchSuffix } from './dns-pattern';

export interface ZoneCandidate {
  /** Lower-case zone name. */
  zone: string;
  /** Lower-case record name relative to `zone`. */
  name: string;
  /** The zone the catalogue recommends (the rule's `zone`); the others are alternatives that may already exist. */
  recommended: boolean;
}

export type FqdnMapping =
  | {
      kind: 'mapped';
      /** The FQDN, lower case, without a trailing dot. */
      fqdn: string;
      /** The recommended zone and the record name in it. */
      zone: string;
      name: string;
      /** Every zone that could hold the record, in order of preference when several exist (see `preferredZone`). */
      candidates: ZoneCandidate[];
      entry: CatalogueEntry;
    }
  | { kind: 'unmapped'; fqdn: string; reason: string };

/** Context from the endpoint, used to choose between rules that match a name equally well. */
export type FqdnContext = TargetContext;

interface Match {
  rule: CompiledZoneRule;
  matched: DnsPattern;
  /** The record name relative to the rule's zone. */
  label: string;
  bindings: Bindings;
}

/** A record name ending in `privatelink` would be a zone's own name, or a name in a zone we do not know. */
const PRIVATELINK_LABEL = /(^|\.)privatelink$/;
const DNS_NAME = /^[a-z0-9_*-]+(\.[a-z0-9_-]+)*$/;

/** Lower case, trimmed, without trailing dots: how names compare. */
export function normaliseFqdn(fqdn: string): string {
  const lower = fqdn.trim().toLowerCase();
  return lower.endsWith('.') ? lower.replace(/\.+$/, '') : lower;
}

export function mapFqdn(catalogue: Catalogue, fqdn: string, context: FqdnContext = {}): FqdnMapping {
  const name = normaliseFqdn(fqdn);
  if (!DNS_NAME.test(name)) {
    return {
      kind: 'unmapped',
      fqdn: name,
      reason: `"${fqdn}" is not a DNS name (letters, digits, "-" and "_" in dot-separated labels)`,
    };
  }
  const matches = allMatches(catalogue, name);
  if (matches.length === 0) {
    return {
      kind: 'unmapped',
      fqdn: name,
      reason: `no catalogue entry has a public suffix or private DNS zone that ${name} is under; add an entry to AUTOPILOT_CATALOGUE_EXTENSIONS`,
    };
  }
  const inContext = matches.filter((m) => matchesTarget(m.rule.entry, context));
  const best = bestMatches(inContext.length > 0 ? inContext : matches);
  const results = best.map((m) => ({ match: m, candidates: candidatesFor(m) }));
  const first = results[0] as (typeof results)[number];
  const recommended = (candidates: ZoneCandidate[]) => candidates.find((c) => c.recommended) as ZoneCandidate;
  const chosen = recommended(first.candidates);
  const conflicting = results.find((r) => {
    const other = recommended(r.candidates);
    return other.zone !== chosen.zone || other.name !== chosen.name;
  });
  if (conflicting) {
    const where = (m: Match, c: ZoneCandidate) =>
      `${m.rule.entry.where} (${m.rule.entry.entry.service}) as ${c.name} in ${c.zone}`;
    return {
      kind: 'unmapped',
      fqdn: name,
      reason: `ambiguous: ${where(first.match, chosen)}, ${where(conflicting.match, recommended(conflicting.candidates))}; narrow one of the entries`,
    };
  }
  return {
    kind: 'mapped',
    fqdn: name,
    zone: chosen.zone,
    name: chosen.name,
    candidates: first.candidates,
    entry: first.match.rule.entry.entry,
  };
}

/**
 * The zone to write to: the first candidate whose zone already exists in scope, else the recommended one.
 * Candidates come ordered so that this is right: a zone under the recommended zone answers first in DNS, so it
 * comes first; other alternatives come after the recommended zone.
 */
export function preferredZone(
  candidates: readonly ZoneCandidate[],
  existingZoneNames: Iterable<string>,
): ZoneCandidate | undefined {
  const existing = new Set([...existingZoneNames].map(normaliseFqdn));
  return candidates.find((c) => existing.has(c.zone)) ?? candidates.find((c) => c.recommended);
}

function allMatches(catalogue: Catalogue, name: string): Match[] {
  const matches: Match[] = [];
  for (const { rule, pattern } of candidatePatterns(catalogue, name)) {
    const m = matchSuffix(pattern, name);
    if (m && !PRIVATELINK_LABEL.test(m.prefix))
      matches.push({ rule, matched: pattern, label: m.prefix, bindings: m.bindings });
  }
  return matches;
}

interface RulePattern {
  rule: CompiledZoneRule;
  pattern: DnsPattern;
  /** The pattern's literal text after its last variable: a name it matches ends with it. */
  tail: string;
}

interface PatternIndex {
  all: RulePattern[];
  /** By a name's last two labels: the patterns whose tail agrees with them, in catalogue order. */
  byEnding: Map<string, RulePattern[]>;
}

const indexes = new WeakMap<Catalogue, PatternIndex>();

/**
 * The patterns that may match `name`, in catalogue order (so results are as if every pattern were tried): mapping
 * runs once per FQDN of every endpoint, and trying each of the catalogue's few hundred patterns dominated planning.
 */
function candidatePatterns(catalogue: Catalogue, name: string): readonly RulePattern[] {
  let index = indexes.get(catalogue);
  if (!index) {
    const all: RulePattern[] = [];
    for (const entry of catalogue.entries) {
      for (const rule of entry.rules) {
        if (rule.publicSuffixes.length === 0) continue;
        const patterns = [
          ...rule.publicSuffixes,
          rule.zone,
          ...rule.alternatives.filter((a) => !a.subZonePrefix).map((a) => a.pattern),
        ];
        for (const pattern of patterns) all.push({ rule, pattern, tail: literalTail(pattern) });
      }
    }
    index = { all, byEnding: new Map() };
    indexes.set(catalogue, index);
  }
  const last = name.lastIndexOf('.');
  const ending = last <= 0 ? name : name.slice(name.lastIndexOf('.', last - 1) + 1);
  let candidates = index.byEnding.get(ending);
  if (!candidates) {
    candidates = index.all.filter(({ tail }) => tail.endsWith(ending) || ending.endsWith(tail));
    index.byEnding.set(ending, candidates);
  }
  return candidates;
}

/** Longest pattern, then most literal labels, then extensions before built-ins; all that tie on these. */
function bestMatches(matches: Match[]): Match[] {
  const rank = (m: Match): number[] => [
    m.matched.labelCount,
    m.matched.literalLabels,
    m.rule.entry.origin === 'extension' ? 1 : 0,
  ];
  const compare = (a: Match, b: Match): number => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return (rb[i] as number) - (ra[i] as number);
    return 0;
  };
  const sorted = [...matches].sort(compare);
  const top = sorted[0] as Match;
  return sorted.filter((m) => compare(m, top) === 0);
}

function candidatesFor(m: Match): ZoneCandidate[] {
  const zone = instantiate(m.rule.zone, m.bindings) as string;
  const subZones: ZoneCandidate[] = [];
  const others: ZoneCandidate[] = [];
  for (const alternative of m.rule.alternatives) {
    if (alternative.subZonePrefix) {
      const inner = matchSuffix(alternative.subZonePrefix, m.label, m.bindings);
      if (!inner) continue;
      const prefix = instantiate(alternative.subZonePrefix, inner.bindings) as string;
      subZones.push({ zone: `${prefix}.${zone}`, name: inner.prefix, recommended: false });
    } else {
      others.push({ zone: instantiate(alternative.pattern, m.bindings) as string, name: m.label, recommended: false });
    }
  }
  subZones.sort((a, b) => b.zone.split('.').length - a.zone.split('.').length);
  return [...subZones, { zone, name: m.label, recommended: true }, ...others];
}

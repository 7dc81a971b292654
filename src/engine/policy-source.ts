import { readFileSync } from 'node:fs';
import { PolicyError, tryLoadPolicy, type ApprovalPolicy } from '../core/policy';
import type { PolicySource } from '../core/settings';

export type ReadText = (path: string) => string;

const readUtf8: ReadText = (path) => readFileSync(path, 'utf8');

/**
 * The approval policy named by AUTOPILOT_POLICY_SOURCE. Never throws: a missing, unreadable or invalid policy comes
 * back as a PolicyError, which approves nothing (decideSafely leaves every connection for a human).
 */
export function loadPolicySource(
  source: PolicySource | undefined,
  readText: ReadText = readUtf8,
): ApprovalPolicy | PolicyError {
  if (source === undefined) {
    return new PolicyError('AUTOPILOT_POLICY_SOURCE', [
      'not set: no approval policy, so every connection is left for a human',
    ]);
  }
  if (source.kind === 'inline') return tryLoadPolicy(source.text, 'AUTOPILOT_POLICY_SOURCE (inline)');
  let text: string;
  try {
    text = readText(source.path);
  } catch (error) {
    return PolicyError.unreadable(source.path, error);
  }
  return tryLoadPolicy(text, source.path);
}

import { classifyArmError } from '../azure/errors';
import type { ObservationFailure, ObservationStage } from './types';

export function observationFailure(stage: ObservationStage, resourceId: string, error: unknown): ObservationFailure {
  const classified = classifyArmError(error);
  return { stage, resourceId, code: classified.code, message: classified.message, transient: classified.transient };
}

/** Failures that leave some endpoint's claims unknown: records it may claim must not be deleted meanwhile. */
export function claimsUnknown(failures: readonly ObservationFailure[]): ObservationFailure[] {
  return failures.filter((f) => f.stage === 'endpoint' || f.stage === 'endpoints');
}

/** `CODE: message`, for reports. */
export function describeError(error: unknown): string {
  const classified = classifyArmError(error);
  return classified.message.startsWith(classified.code) ? classified.message : `${classified.code}: ${classified.message}`;
}

import type { ObservationFailure, ObservationStage } from '../core/plan';
import type { EngineContext } from './context';

export function observationFailure(
  ctx: Pick<EngineContext, 'arm'>,
  stage: ObservationStage,
  resourceId: string,
  error: unknown,
): ObservationFailure {
  const classified = ctx.arm.classifyError(error);
  return { stage, resourceId, code: classified.code, message: classified.message, transient: classified.transient };
}

/** `CODE: message`, for reports. */
export function describeError(ctx: Pick<EngineContext, 'arm'>, error: unknown): string {
  const classified = ctx.arm.classifyError(error);
  return classified.message.startsWith(classified.code)
    ? classified.message
    : `${classified.code}: ${classified.message}`;
}

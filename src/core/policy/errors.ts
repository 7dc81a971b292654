/**
 * A policy that cannot be used: missing, unreadable, not JSON, or invalid. Callers must approve nothing while they
 * hold one (see decideSafely).
 */
export class PolicyError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`policy ${source} cannot be used: ${problems.join('; ')}`);
    this.name = 'PolicyError';
  }

  /** For callers that failed to read the policy (missing file, blob not found, permission denied). */
  static unreadable(source: string, cause: unknown): PolicyError {
    const detail = cause instanceof Error ? cause.message : String(cause);
    return new PolicyError(source, [`cannot read the policy: ${detail}`]);
  }
}

import { retryPolicy, type PipelinePolicy, type PipelineResponse, type RetryStrategy } from '@azure/core-rest-pipeline';
import { ANOTHER_OPERATION_CODES, armErrorBody, parseJsonText } from './errors';

export interface BackoffOptions {
  maxRetries: number;
  /** First delay; doubles per retry up to `maxRetryDelayInMs`, unless the answer says `Retry-After`. */
  retryDelayInMs: number;
  maxRetryDelayInMs: number;
}

/**
 * The SDK's default policy retries 429 only with `Retry-After`, and never 409. Network answers 409
 * `AnotherOperationInProgress` (and 429 `RetryableErrorDueToAnotherOperation`, sometimes without `Retry-After`) while
 * another operation holds the resource; both clear on their own, so they are retried here, a bounded number of times.
 */
export function anotherOperationRetryPolicy(options: BackoffOptions): PipelinePolicy {
  return retryPolicy([anotherOperationStrategy(options)], { maxRetries: options.maxRetries });
}

function anotherOperationStrategy(options: BackoffOptions): RetryStrategy {
  return {
    name: 'privatelinkAutopilotAnotherOperation',
    retry({ retryCount, response }) {
      if (!response || !isAnotherOperationAnswer(response)) return { skipStrategy: true };
      const retryAfterSeconds = Number(response.headers.get('retry-after') ?? Number.NaN);
      const backoff = Math.min(options.maxRetryDelayInMs, options.retryDelayInMs * 2 ** retryCount);
      return { retryAfterInMs: Number.isFinite(retryAfterSeconds) && retryAfterSeconds >= 0 ? retryAfterSeconds * 1000 : backoff };
    },
  };
}

/** A 429 with `Retry-After` was already retried by the SDK's own policy, inside this one: not again. */
function isAnotherOperationAnswer(response: PipelineResponse): boolean {
  if (response.status !== 409 && !(response.status === 429 && !response.headers.has('retry-after'))) return false;
  const code = armErrorBody(parseJsonText(response.bodyAsText))?.code;
  return code !== undefined && ANOTHER_OPERATION_CODES.includes(code);
}

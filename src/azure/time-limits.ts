/**
 * Time limits on ARM requests: a timeout per HTTP attempt and a deadline for the whole run (a CLI command or an
 * activity). The SDK's own `request.timeout` throws a bare AbortError, which its retry policy does not retry and no
 * caller can tell from a cancellation; these policies throw RestErrors with codes the classifier knows instead.
 */
import { RestError, type PipelinePolicy, type PipelineRequest } from '@azure/core-rest-pipeline';
import { REQUEST_TIMEOUT_CODE, RUN_DEADLINE_CODE } from './errors';

export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

function describeRequest(request: PipelineRequest): string {
  return `${request.method} ${new URL(request.url).pathname}`;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

function runDeadlineError(request: PipelineRequest, sent: boolean): RestError {
  const what = sent ? 'aborted' : 'not sent';
  return new RestError(
    `${describeRequest(request)}: ${what}, the run's deadline has passed (AUTOPILOT_RUN_DEADLINE_SECONDS)`,
    { code: RUN_DEADLINE_CODE, request },
  );
}

/**
 * Outside the retry policies: refuses to start a request once `deadline` has aborted, and hands the deadline to the
 * request so that retries' backoff sleeps and attempts in flight end with it.
 */
export function runDeadlinePolicy(deadline: AbortSignal): PipelinePolicy {
  return {
    name: 'privatelinkAutopilotRunDeadline',
    async sendRequest(request, next) {
      if (deadline.aborted) throw runDeadlineError(request, false);
      const own = request.abortSignal;
      // A signal of the request's own: what the pipeline listens to must not pile up on the run's one signal.
      request.abortSignal = AbortSignal.any(own ? [own as AbortSignal, deadline] : [deadline]);
      try {
        return await next(request);
      } catch (error) {
        if (deadline.aborted && !own?.aborted) throw runDeadlineError(request, true);
        throw error;
      } finally {
        request.abortSignal = own;
      }
    },
  };
}

/** Inside the retry policies, once per attempt: an attempt without a complete answer after `timeoutMs` is aborted. */
export function attemptTimeoutPolicy(timeoutMs: number): PipelinePolicy {
  return {
    name: 'privatelinkAutopilotAttemptTimeout',
    async sendRequest(request, next) {
      const outer = request.abortSignal;
      const attempt = AbortSignal.timeout(timeoutMs);
      request.abortSignal = outer ? AbortSignal.any([outer as AbortSignal, attempt]) : attempt;
      try {
        return await next(request);
      } catch (error) {
        if (attempt.aborted && !outer?.aborted) {
          throw new RestError(
            `${describeRequest(request)}: no answer within ${seconds(timeoutMs)} (AUTOPILOT_ARM_REQUEST_TIMEOUT_SECONDS)`,
            {
              code: REQUEST_TIMEOUT_CODE,
              request,
            },
          );
        }
        throw error;
      } finally {
        request.abortSignal = outer;
      }
    },
  };
}

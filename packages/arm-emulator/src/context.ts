import type { ResourceOperation } from './contracts';
import type { LroSpec } from './lro';
import type { PrivateLinkTargets } from './private-link';
import type { EmulatorState } from './state';

export interface ArmResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface EmitRequest {
  kind: ResourceOperation['kind'];
  /** ARM ID of the resource, in the caller's casing. */
  resourceId: string;
  /** e.g. `Microsoft.Network/privateEndpoints/write`. */
  operationName: string;
  /** True for a write that created the resource: Azure's creation events carry no `httpRequest`. */
  created?: boolean;
}

export interface PageOptions {
  /** Honour `$top` as the page size (Private DNS record sets and zones do). */
  top?: boolean;
}

export interface Page<T> {
  value: T[];
  nextLink?: string;
}

/** What a route handler gets. Handlers return an `ArmResponse` or throw an `ArmError`. */
export interface RequestContext {
  readonly method: string;
  /** The request path without the query, as sent. */
  readonly path: string;
  /** Values of the route template's `{name}` segments, in the caller's casing. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly apiVersion: string;
  /** Parsed JSON body, or undefined when the request had none. */
  readonly body: unknown;
  readonly state: EmulatorState;
  readonly targets: PrivateLinkTargets;
  /** `https://127.0.0.1:<port>`: base for Azure-AsyncOperation, Location and nextLink URLs. */
  readonly baseUrl: string;
  header(name: string): string | undefined;
  now(): Date;
  /**
   * Reports a completed operation. Queued until the response is sent, or emitted at once when it already was
   * (long-running operations complete after their first answer).
   */
  emit(event: EmitRequest): void;
  /** Starts a long-running operation and returns its first answer (status, headers, body). */
  startLro(spec: LroSpec): ArmResponse;
  /** One page of a listing, following `$skipToken` and the emulator's page size. */
  page<T>(items: T[], options?: PageOptions): Page<T>;
}

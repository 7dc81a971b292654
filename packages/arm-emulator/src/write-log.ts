/**
 * The write log: every write (PUT, PATCH, POST, DELETE) that got past authentication and throttling, with when it
 * arrived, its request body, the addressed resource as it was then, whether it reached its route handler (an injected
 * fault may answer first) and the answer's status. Tests read history from it ("was this record ever deleted while an
 * endpoint claimed it?"), not only the final state. Observers run synchronously twice per write: when it arrives,
 * before any injected fault or delay (what the caller could have known when it sent it), and just before its handler
 * runs (the state the write applied to); `read` gives the world at that moment.
 */
import type { StoredResource } from './state';

export interface WriteLogEntry {
  /** 1, 2, 3, … in arrival order (not reset by a cleared log). */
  seq: number;
  /** When the write arrived (ISO 8601). */
  time: string;
  method: string;
  /** The request path without the query, as sent. */
  path: string;
  /** The parsed JSON body, if any. */
  body?: unknown;
  /** The addressed resource as stored when the write arrived (a copy), or null when there was none. */
  before: { id: string; type: string; etag?: string; body: unknown } | null;
  /** Whether its route handler ran (an injected fault or an unknown route answers without it). */
  reached: boolean;
  /** The answer's status; 0 until answered, and for a connection reset. */
  status: number;
}

/** When an observer runs: as the write arrives, or just before its handler applies it (after any injected delay). */
export type WriteMoment = 'arrival' | 'handler';

/** A GET as the emulator would answer it, synchronously and without auth, throttling, faults or logging; undefined for an error. */
export type MomentReader = (path: string) => unknown;

/** Called at each moment of a write; must not throw (an observer's error is reported and ignored). */
export type WriteObserver = (entry: Readonly<WriteLogEntry>, read: MomentReader, moment: WriteMoment) => void;

export interface WriteLog {
  /** The log, oldest first (at most the request log's limit). */
  entries(): WriteLogEntry[];
  /** Runs `observer` for every later write; returns the function that stops it. */
  observe(observer: WriteObserver): () => void;
}

const WRITE_METHODS = new Set(['PUT', 'PATCH', 'POST', 'DELETE']);

export function isWrite(method: string): boolean {
  return WRITE_METHODS.has(method.toUpperCase());
}

export class WriteJournal implements WriteLog {
  private readonly log: WriteLogEntry[] = [];
  private readonly observers = new Set<WriteObserver>();
  private seq = 0;

  constructor(
    private readonly limit: number,
    private readonly read: MomentReader,
  ) {}

  /** Opens the entry of a write that has just arrived and runs the observers on it. */
  arrive(method: string, path: string, body: unknown, addressed: StoredResource | undefined): WriteLogEntry {
    const entry: WriteLogEntry = {
      seq: ++this.seq,
      time: new Date().toISOString(),
      method,
      path,
      ...(body === undefined ? {} : { body: copy(body) }),
      before: addressed
        ? {
            id: addressed.id,
            type: addressed.type,
            ...(addressed.etag ? { etag: addressed.etag } : {}),
            body: copy(addressed.body),
          }
        : null,
      reached: false,
      status: 0,
    };
    this.log.push(entry);
    if (this.log.length > this.limit) this.log.splice(0, this.log.length - this.limit);
    this.notify(entry, 'arrival');
    return entry;
  }

  /** The write is about to reach its handler: the observers run again. */
  reach(entry: WriteLogEntry): void {
    entry.reached = true;
    this.notify(entry, 'handler');
  }

  private notify(entry: WriteLogEntry, moment: WriteMoment): void {
    for (const observer of this.observers) {
      try {
        observer(entry, this.read, moment);
      } catch (error) {
        process.stderr.write(
          `emulator: a write observer failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
        );
      }
    }
  }

  entries(): WriteLogEntry[] {
    return this.log.map((entry) => ({ ...entry }));
  }

  observe(observer: WriteObserver): () => void {
    this.observers.add(observer);
    return () => void this.observers.delete(observer);
  }

  clear(): void {
    this.log.length = 0;
  }
}

function copy(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

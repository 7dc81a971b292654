// One JSON file per orchestration instance. This plays the role of the Azure Storage history table,
// instances table and control queue at once: `pendingEvents` are messages not yet processed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HistoryEvent } from './history';

export type RuntimeStatus = 'Pending' | 'Running' | 'Completed' | 'Failed' | 'Terminated' | 'ContinuedAsNew';

export const TERMINAL_STATUSES: readonly RuntimeStatus[] = ['Completed', 'Failed', 'Terminated'];

export interface InstanceRecord {
  instanceId: string;
  name: string;
  executionId: string;
  runtimeStatus: RuntimeStatus;
  input: unknown;
  output: unknown;
  customStatus: unknown;
  createdTime: string;
  lastUpdatedTime: string;
  /** Set for sub-orchestrations: where to report completion. */
  parent?: { instanceId: string; executionId: string; taskScheduledId: number };
  /** History of the current execution (ContinueAsNew starts a new one, as in Azure Storage). */
  history: HistoryEvent[];
  pendingEvents: HistoryEvent[];
}

export class FileInstanceStore {
  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
  }

  private file(instanceId: string): string {
    return path.join(this.dir, `${encodeURIComponent(instanceId)}.json`);
  }

  load(instanceId: string): InstanceRecord | undefined {
    try {
      return JSON.parse(fs.readFileSync(this.file(instanceId), 'utf8')) as InstanceRecord;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  list(): InstanceRecord[] {
    return fs
      .readdirSync(this.dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => this.load(decodeURIComponent(f.slice(0, -'.json'.length))))
      .filter((r): r is InstanceRecord => r !== undefined);
  }

  /** Synchronous write-then-rename: a crash leaves either the old or the new file, never half of one. */
  save(record: InstanceRecord): void {
    const target = this.file(record.instanceId);
    const tmp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(record, null, 2));
    fs.renameSync(tmp, target);
  }

  delete(instanceId: string): boolean {
    try {
      fs.unlinkSync(this.file(instanceId));
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }
}

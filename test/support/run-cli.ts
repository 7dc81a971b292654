import { vi } from 'vitest';
import { runCli } from '../../src/cli/main';

export interface CapturedRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with what it writes to stdout and stderr captured; both streams are restored afterwards. */
export async function runCliCaptured(args: string[]): Promise<CapturedRun> {
  let stdout = '';
  let stderr = '';
  const text = (chunk: string | Uint8Array): string =>
    typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += text(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += text(chunk);
    return true;
  });
  try {
    const code = await runCli(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** The emulator's admin API from the benchmarks (its request log). */
import { readFile } from 'node:fs/promises';
import https from 'node:https';
import type { RunningEmulator } from '@privatelink-autopilot/arm-emulator';

export async function adminGet<T>(emulator: RunningEmulator, path: string): Promise<T> {
  return adminRequest<T>(emulator, 'GET', path);
}

export async function adminRequest<T>(emulator: RunningEmulator, method: 'GET' | 'DELETE', path: string): Promise<T> {
  const ca = await readFile(emulator.caCertPath, 'utf8');
  const body = await new Promise<string>((resolve, reject) => {
    https
      .request(`${emulator.adminEndpoint}${path}`, { method, ca }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        response.on('error', reject);
      })
      .on('error', reject)
      .end();
  });
  return JSON.parse(body) as T;
}

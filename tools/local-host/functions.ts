/**
 * The function app as `func start` loads it: package.json `main` names the compiled function files (a glob), and each
 * file registers itself with `app.*` / `df.app.*`. Loading them with registration captured gives the very same list of
 * functions, with no second list to keep in step.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { captureApp, captureAppAsync, type Registration } from './durable';

/** The files `main` names, relative to the project root; only a `*` in the last segment is supported (as the template uses). */
export function functionFilesFromMain(projectRoot: string): string[] {
  const main = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { main?: unknown }).main;
  if (typeof main !== 'string')
    throw new Error(`package.json main: expected the compiled function files, such as "dist/src/functions/*.js"`);
  const folder = join(projectRoot, dirname(main));
  if (!existsSync(folder))
    throw new Error(`package.json main: ${dirname(main)} does not exist; run \`npm run build\` first`);
  const pattern = new RegExp(`^${basename(main).split('*').map(escapeRegExp).join('[^/]*')}$`);
  const files = readdirSync(folder)
    .filter((f) => pattern.test(f))
    .sort();
  if (files.length === 0) throw new Error(`package.json main: no file matches ${main}; run \`npm run build\` first`);
  return files.map((f) => join(folder, f));
}

/** Registrations from compiled files (npm start). */
export function loadCompiledFunctions(files: readonly string[]): Registration[] {
  return captureApp(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading compiled files by path is the point
    for (const file of files) require(file);
  }).registrations;
}

/** Registrations through a module loader (tests import the TypeScript sources). */
export async function loadFunctionsWith(load: () => Promise<unknown>): Promise<Registration[]> {
  return (await captureAppAsync(load)).registrations;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * What a Functions deployment carries: .funcignore applied (with gitignore semantics, as azd and Core Tools apply it)
 * to every file of the repository and of its builds. Only the compiled app, host.json, package metadata and
 * production dependencies may remain; the ARM emulator, tests and local tooling must not.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ignore from 'ignore';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = process.cwd();
const funcignore = ignore().add(readFileSync(join(ROOT, '.funcignore'), 'utf8'));
const deployed = (path: string): boolean => !funcignore.ignores(path);

/** The app build's inputs and the files it emits (tsconfig.build.json), without building. */
function appBuild(): { inputs: string[]; outputs: string[] } {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(ROOT, 'tsconfig.build.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  );
  if (!parsed) throw new Error('tsconfig.build.json could not be read');
  const inputs = parsed.fileNames.map((f) => relative(ROOT, f));
  const outputs = parsed.fileNames
    .flatMap((f) => ts.getOutputFileNames(parsed, f, false))
    .map((f) => relative(ROOT, f));
  return { inputs, outputs };
}

const TOOLING =
  /^(packages|tools|test|scripts|dist-dev|infra|docs|examples|\.ci|\.emulator)\/|(^|\/)emulator|\.test\.|vitest|eslint/i;

describe('the deployable file list', () => {
  const { inputs, outputs } = appBuild();
  const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\n')
    .filter(Boolean);
  const devBuilds = [
    'dist-dev/tools/local/demo.js',
    'packages/arm-emulator/dist/index.js',
    'packages/arm-emulator/dist/server.js',
    'dist/src/core/plan/index.js.map',
  ];

  it('builds the app from src/ alone: no emulator, test or tooling source is compiled into dist/', () => {
    expect(inputs.length).toBeGreaterThan(50);
    expect(inputs.filter((f) => !f.startsWith('src/'))).toEqual([]);
    expect(outputs.filter((f) => !f.startsWith('dist/src/') && !f.startsWith('dist/schema/'))).toEqual([]);
  });

  it('carries the compiled app, host.json and package metadata', () => {
    for (const path of ['host.json', 'package.json', 'package-lock.json', ...outputs.filter((f) => f.endsWith('.js'))])
      expect(deployed(path), path).toBe(true);
  });

  it('leaves behind every source, test, emulator and tooling file', () => {
    const kept = [...tracked, ...outputs, ...devBuilds].filter(deployed);
    expect(kept.filter((f) => !/^(dist\/|node_modules\/|policy\/|host\.json$|package(-lock)?\.json$)/.test(f))).toEqual(
      [],
    );
    expect(kept.filter((f) => TOOLING.test(f))).toEqual([]);
    expect(deployed('local.settings.json')).toBe(false);
  });

  it('needs no development package at run time: the production install holds no emulator, test or build tool', () => {
    // What a deployment installs from package.json and the lockfile alone (the workspace folders stay behind).
    const production = execFileSync('npm', ['ls', '--omit=dev', '--workspaces=false', '--all', '--parseable'], {
      cwd: ROOT,
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean)
      .map((p) => relative(ROOT, p));
    expect(production.some((p) => p.endsWith('node_modules/durable-functions'))).toBe(true);
    expect(
      production.filter((p) => /arm-emulator|packages\/|selfsigned|vitest|typescript|eslint|fast-check/.test(p)),
    ).toEqual([]);
  });

  it('stages exactly that for a deployment (npm run stage), with nothing of the emulator, tests or tooling', () => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'stage-deployment.js'), '--skip-install'], {
      cwd: ROOT,
      stdio: 'pipe',
    });
    const stage = join(ROOT, '.deploy');
    const files = (readdirSync(stage, { recursive: true }) as string[]).map((f) => f.split(sep).join('/'));
    expect(files.filter((f) => !f.includes('/')).sort()).toEqual(
      [
        '.funcignore',
        'dist',
        'host.json',
        'package-lock.json',
        'package.json',
        ...(existsSync(join(ROOT, 'policy')) ? ['policy'] : []),
      ].sort(),
    );
    expect(files).toContain('dist/src/functions/resourceEvents.js');
    expect(files.filter((f) => TOOLING.test(f) || f.endsWith('.map') || f.endsWith('.ts'))).toEqual([]);
  }, 120_000);
});

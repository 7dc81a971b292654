#!/usr/bin/env node
'use strict';
// `npm run emulator -- [--port N] [--scenario NAME|FILE] [--events-to URL]`: builds quietly (incremental), then runs
// the emulator in this process. Stdout carries only the emulator's one JSON line; build output goes to stderr.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const entry = path.join(root, 'dist', 'src', 'emulator', 'cli.js');
const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
const build = spawnSync(
  process.execPath,
  [tsc, '-p', 'tsconfig.build.json', '--incremental', '--tsBuildInfoFile', path.join('dist', '.tsbuildinfo')],
  { cwd: root, encoding: 'utf8' },
);
if (build.status !== 0) {
  // Type errors elsewhere in the project still leave JavaScript behind; report them without mixing them into stdout.
  process.stderr.write(`emulator: the build reported problems:\n${build.stdout}${build.stderr}`);
}
if (!fs.existsSync(entry)) {
  process.stderr.write(`emulator: ${path.relative(root, entry)} was not produced by the build.\n`);
  process.exit(1);
}
require(entry)
  .runEmulatorCli(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });

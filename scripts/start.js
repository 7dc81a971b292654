#!/usr/bin/env node
'use strict';
// `npm start`: builds, then runs the main job locally on the embedded ARM emulator (src/local/demo.ts).
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
const build = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
require(path.join(root, 'dist', 'src', 'local', 'demo.js'))
  .runDemo(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });

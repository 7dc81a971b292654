#!/usr/bin/env node
'use strict';
// `npm run bench`: builds the app (the record storm runs it on the local host) and the tooling, then runs the benchmarks with an exposed GC so heap figures are comparable.
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { build, root } = require('./build');

if (!build(['app', 'tools'])) process.exit(1);
execFileSync(
  process.execPath,
  ['--expose-gc', path.join(root, 'dist-dev', 'tools', 'bench', 'main.js'), ...process.argv.slice(2)],
  { stdio: 'inherit' },
);

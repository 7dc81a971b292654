#!/usr/bin/env node
'use strict';
// Builds, then runs the benchmarks with an exposed GC so heap figures are comparable between runs.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
execFileSync(process.execPath, ['--expose-gc', path.join(root, 'dist', 'src', 'bench', 'main.js'), ...process.argv.slice(2)], { stdio: 'inherit' });

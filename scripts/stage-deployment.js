#!/usr/bin/env node
'use strict';
// `npm run stage`: the deployment package in .deploy/, what azd (azure.yaml `dist`) or `func azure functionapp
// publish` ships: the compiled app, host.json, package metadata, production dependencies only (installed from the
// lockfile without the workspace packages such as the ARM emulator), and policy/ when the approval policy is a file.
// A local build, as Microsoft recommends for TypeScript function apps: nothing is compiled in Azure.
// `--skip-install` stages the files without node_modules (tests use it).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { build, root } = require('./build');

const STAGE = path.join(root, '.deploy');
const FILES = ['host.json', 'package.json', 'package-lock.json', '.funcignore'];
const FOLDERS = ['dist', 'policy'];

function stage({ skipInstall }) {
  if (!build(['app'])) process.exit(1);
  fs.rmSync(STAGE, { recursive: true, force: true });
  fs.mkdirSync(STAGE, { recursive: true });
  for (const file of FILES) fs.copyFileSync(path.join(root, file), path.join(STAGE, file));
  for (const folder of FOLDERS) {
    const from = path.join(root, folder);
    if (fs.existsSync(from))
      fs.cpSync(from, path.join(STAGE, folder), { recursive: true, filter: (src) => !src.endsWith('.map') });
  }
  if (!skipInstall) {
    execFileSync('npm', ['ci', '--omit=dev', '--workspaces=false', '--no-audit', '--no-fund', '--loglevel=warn'], {
      cwd: STAGE,
      stdio: 'inherit',
    });
  }
  process.stderr.write(`staged ${path.relative(root, STAGE)}/ for deployment\n`);
}

stage({ skipInstall: process.argv.includes('--skip-install') });

#!/usr/bin/env node
'use strict';
// `npm run stage`: the deployment package in .deploy/, what azd (azure.yaml `dist`) or `func azure functionapp
// publish` ships: the compiled app, host.json, package metadata, production dependencies only (installed from the
// lockfile without the workspace packages such as the ARM emulator), and policy/ when the approval policy is a file.
// A local build, as Microsoft recommends for TypeScript function apps: nothing is compiled in Azure.
// `--skip-install` stages the files without node_modules (tests use it); `--out DIR` stages into DIR instead of
// .deploy/ (a test loads a staging outside the repository, where the repository's node_modules cannot be reached);
// `--skip-build` stages the app as last built (that test, beside others that build it at the same time).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { build, root } = require('./build');

const DEFAULT_STAGE = path.join(root, '.deploy');
const FILES = ['host.json', 'package.json', 'package-lock.json', '.funcignore'];
const FOLDERS = ['dist', 'policy'];

function stage({ skipInstall, skipBuild, stageDir }) {
  // The folder is emptied first: never the repository or a folder holding it.
  if (!path.relative(stageDir, root).startsWith('..')) {
    process.stderr.write(`stage: --out ${stageDir} holds the repository; name a folder of its own\n`);
    process.exit(2);
  }
  if (!skipBuild && !build(['app'])) process.exit(1);
  fs.rmSync(stageDir, { recursive: true, force: true });
  fs.mkdirSync(stageDir, { recursive: true });
  for (const file of FILES) fs.copyFileSync(path.join(root, file), path.join(stageDir, file));
  for (const folder of FOLDERS) {
    const from = path.join(root, folder);
    if (fs.existsSync(from))
      fs.cpSync(from, path.join(stageDir, folder), { recursive: true, filter: (src) => !src.endsWith('.map') });
  }
  if (!skipInstall) {
    execFileSync('npm', ['ci', '--omit=dev', '--workspaces=false', '--no-audit', '--no-fund', '--loglevel=warn'], {
      cwd: stageDir,
      stdio: 'inherit',
    });
  }
  process.stderr.write(`staged ${path.relative(root, stageDir)}/ for deployment\n`);
}

const { values } = parseArgs({
  options: { 'skip-install': { type: 'boolean' }, 'skip-build': { type: 'boolean' }, out: { type: 'string' } },
});
stage({
  skipInstall: values['skip-install'] === true,
  skipBuild: values['skip-build'] === true,
  stageDir: values.out ? path.resolve(values.out) : DEFAULT_STAGE,
});

'use strict';
// The builds the root commands need, with the project's own TypeScript. `app`: the deployed function app (dist/);
// `tools`: the ARM emulator package and the development tooling (dist-dev/), which never enter dist/.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
const ARGS = {
  app: ['-p', 'tsconfig.build.json'],
  // --force: `tsc -b` judges freshness by the project's own files (tools/), not by the app sources they import.
  tools: ['-b', 'tools', '--force'],
  emulator: ['-b', 'packages/arm-emulator'],
};

/** Runs each build in order; output goes to stderr so that a command's stdout stays its own. Returns false on failure. */
function build(names) {
  for (const name of names) {
    const result = spawnSync(process.execPath, [tsc, ...ARGS[name]], { cwd: root, encoding: 'utf8' });
    if (result.status !== 0) {
      process.stderr.write(`build (${name}) failed:\n${result.stdout}${result.stderr}`);
      return false;
    }
  }
  return true;
}

module.exports = { build, root };

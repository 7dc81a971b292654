#!/usr/bin/env node
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const entry = path.join(__dirname, '..', 'dist', 'src', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('privatelink-autopilot is not built yet: run `npm run build` first.\n');
  process.exit(2);
}
require(entry)
  .runCli(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });

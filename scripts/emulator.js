#!/usr/bin/env node
'use strict';
// `npm run emulator -- [--port N] [--scenario NAME|FILE] [--events-to URL]`: builds the emulator package, then runs it
// in this process. Stdout carries only the emulator's one JSON line; build problems go to stderr.
const path = require('node:path');
const { build, root } = require('./build');

if (!build(['emulator'])) process.exit(1);
require(path.join(root, 'packages', 'arm-emulator', 'dist', 'cli.js'))
  .runEmulatorCli(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });

#!/usr/bin/env node
'use strict';
// Runs the built emulator: prints one JSON line ({"armEndpoint", "caCertPath", "adminEndpoint"}) and serves until SIGINT/SIGTERM.
require('../dist/cli')
  .runEmulatorCli(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });

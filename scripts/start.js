#!/usr/bin/env node
'use strict';
// `npm start`: builds the function app (what `func start` loads) and the local tooling, then runs the local host:
// the app's functions against the embedded ARM emulator, playing the seed stories. See tools/local-host/main.ts.
const path = require('node:path');
const { build, root } = require('./build');

if (!build(['app', 'tools'])) process.exit(1);
require(path.join(root, 'dist-dev', 'tools', 'local-host', 'main.js'))
  .runLocalHost(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
      // Idle sockets and timers of the emulator's clients must not keep a finished run alive.
      setTimeout(() => process.exit(code), 100).unref();
    },
    (error) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
      // A host that failed half-way may hold a listening server open.
      setTimeout(() => process.exit(2), 100).unref();
    },
  );

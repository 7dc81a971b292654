#!/usr/bin/env node
'use strict';
// `npm start`: builds the function app and the local tooling, then runs the main job locally on the embedded ARM emulator.
const path = require('node:path');
const { build, root } = require('./build');

if (!build(['app', 'tools'])) process.exit(1);
require(path.join(root, 'dist-dev', 'tools', 'local', 'demo.js'))
  .runDemo(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });

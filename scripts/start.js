#!/usr/bin/env node
'use strict';
// Placeholder until the local host lands (orchestrations issue); replaced by the emulator + local host runner.
process.stdout.write('privatelink-autopilot: the local host is not built yet.\n');

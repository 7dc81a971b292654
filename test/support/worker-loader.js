'use strict';
// Loads a function app the way the Azure Functions Node.js worker does, run with the app folder as its working
// directory: `@azure/functions-core` is provided by the worker (here a stub recording every registerFunction call),
// package.json `main` names the function files (a glob), and each is loaded with require. Prints one JSON line:
// {"registered": [{"name", "trigger"}], "outside": [modules loaded from outside the app folder], "error"?}.
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');

const appRoot = process.cwd();
const registered = [];
const disposable = { dispose() {} };
let programmingModel;
const coreApi = {
  version: '3.0.0-stub',
  hostVersion: '4.0.0-stub',
  setProgrammingModel: (model) => (programmingModel = model),
  getProgrammingModel: () => programmingModel,
  registerHook: () => disposable,
  registerFunction(metadata, callback) {
    const trigger = Object.values(metadata.bindings ?? {}).find((b) => /trigger$/i.test(b.type ?? ''));
    registered.push({ name: metadata.name, trigger: trigger?.type, handler: typeof callback });
    return disposable;
  },
  log: () => undefined,
  Disposable: class {
    dispose() {}
  },
};

// As the worker does: every require of '@azure/functions-core' answers its own API object.
const originalRequire = Module.prototype.require;
Module.prototype.require = function (id, ...rest) {
  return id === '@azure/functions-core' ? coreApi : originalRequire.call(this, id, ...rest);
};

function functionFiles() {
  const { main } = JSON.parse(fs.readFileSync(path.join(appRoot, 'package.json'), 'utf8'));
  const folder = path.join(appRoot, path.dirname(main));
  const pattern = new RegExp(`^${path.basename(main).split('*').map(escapeRegExp).join('[^/]*')}$`);
  return fs
    .readdirSync(folder)
    .filter((f) => pattern.test(f))
    .sort()
    .map((f) => path.join(folder, f));
}

function escapeRegExp(text) {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

let error;
try {
  for (const file of functionFiles()) require(file);
} catch (e) {
  error = e instanceof Error ? `${e.message}` : String(e);
}
const outside = Object.keys(require.cache).filter(
  (file) => file !== module.filename && !file.startsWith(appRoot + path.sep),
);
process.stdout.write(`${JSON.stringify({ registered, outside, ...(error ? { error } : {}) })}\n`);

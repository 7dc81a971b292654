'use strict';
// Loads a function app the way the Azure Functions Node.js worker does, run with the app folder as its working
// directory: `@azure/functions-core` is provided by the worker (here a stub recording every registerFunction call),
// package.json `main` names the function files (a glob), and each is loaded with require. Then each invocation given
// as JSON in argv[2] ([{"function", "trigger": <RpcTypedData, as the host sends the trigger's data>}]) runs through the
// library's own invocation model, the way the worker runs one. Prints one JSON line: {"registered": [{"name",
// "trigger", "handler"}], "outside": [modules loaded from outside the app folder], "invocations": [{"function", "logs",
// "error"?}], "error"?}.
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');

const appRoot = process.cwd();
const registered = [];
const functions = new Map();
const disposable = { dispose() {} };
let programmingModel;
let invocations = 0;
const coreApi = {
  version: '3.0.0-stub',
  hostVersion: '4.0.0-stub',
  setProgrammingModel: (model) => (programmingModel = model),
  getProgrammingModel: () => programmingModel,
  registerHook: () => disposable,
  registerFunction(metadata, callback) {
    const trigger = Object.values(metadata.bindings ?? {}).find((b) => /trigger$/i.test(b.type ?? ''));
    registered.push({ name: metadata.name, trigger: trigger?.type, handler: typeof callback });
    functions.set(metadata.name, { metadata, callback });
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

/** The durable client binding's data as the host sends it (a JSON string); nothing here calls it. */
function durableClientData() {
  const baseUrl = 'http://127.0.0.1:9/runtime/webhooks/durabletask';
  return JSON.stringify({
    taskHubName: 'StagedAppTest',
    creationUrls: { createNewInstancePostUri: `${baseUrl}/orchestrators/{functionName}[/{instanceId}]?code=x` },
    managementUrls: { id: 'INSTANCEID', statusQueryGetUri: `${baseUrl}/instances/INSTANCEID?code=x` },
    baseUrl,
    requiredQueryStringParameters: 'code=x',
    rpcBaseUrl: 'http://127.0.0.1:9/durabletask/',
    httpBaseUrl: null,
  });
}

/** One invocation as the worker runs it: the request the host sends, then the programming model's invocation model. */
async function invoke({ function: name, trigger }) {
  const logs = [];
  const found = functions.get(name);
  if (!found) return { function: name, logs, error: `no function ${name} registered` };
  const inputData = Object.entries(found.metadata.bindings).flatMap(([binding, info]) => {
    if (info.direction !== 'in') return [];
    if (/trigger$/i.test(info.type)) return [{ name: binding, data: trigger }];
    if (info.type === 'durableClient') return [{ name: binding, data: { string: durableClientData() } }];
    return [];
  });
  const invocationId = `invocation-${invocations++}`;
  const model = programmingModel.getInvocationModel({
    invocationId,
    metadata: found.metadata,
    request: { invocationId, inputData, triggerMetadata: {} },
    log: (level, category, message) => {
      if (category === 'user') logs.push(`${level}: ${message}`);
    },
  });
  try {
    const { context, inputs } = await model.getArguments();
    const result = await model.invokeFunction(context, inputs, found.callback);
    await model.getResponse(context, result);
    return { function: name, logs };
  } catch (e) {
    return { function: name, logs, error: e instanceof Error ? e.message : String(e) };
  }
}

async function main() {
  let error;
  try {
    for (const file of functionFiles()) require(file);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const results = [];
  for (const invocation of JSON.parse(process.argv[2] ?? '[]')) results.push(await invoke(invocation));
  const outside = Object.keys(require.cache).filter(
    (file) => file !== module.filename && !file.startsWith(appRoot + path.sep),
  );
  process.stdout.write(
    `${JSON.stringify({ registered, outside, invocations: results, ...(error ? { error } : {}) })}\n`,
  );
}

void main();

#!/usr/bin/env node
'use strict';
// The real Bicep compiler for infra/.
//   node scripts/bicep.js               prints the compiler's path (fetching the pinned one first if need be)
//   node scripts/bicep.js check [DIR]   `npm run bicep:check`: prints the compiler's version, then `bicep build` and
//                                       `bicep lint` of every template under DIR (infra/) with each file's errors and
//                                       warnings; exits 1 on any diagnostic, 2 when no compiler can be had.
//   --json                              the same result as one JSON object (test/infra/compiler.test.ts reads it)
// The compiler is, in this order: AUTOPILOT_BICEP, `bicep` on PATH, azd's copy, the Azure CLI's copy, else NuGet's
// Azure.Bicep.CommandLine.linux-x64 at BICEP_VERSION, restored once by the .NET SDK into .tools/bicep/ and reused.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const BICEP_VERSION = '0.49.2';
const BICEP_PACKAGE = 'Azure.Bicep.CommandLine.linux-x64';

const root = path.join(__dirname, '..');
const toolsDir = path.join(root, '.tools', 'bicep');
const restored = path.join(toolsDir, 'packages', BICEP_PACKAGE.toLowerCase(), BICEP_VERSION, 'tools', 'bicep');
const HOW_TO_ENABLE =
  `install the .NET SDK (the check then fetches ${BICEP_PACKAGE} ${BICEP_VERSION} from NuGet), ` +
  'put bicep on PATH (azd or `az bicep install` bring one), or set AUTOPILOT_BICEP to a bicep binary';

function isExecutableFile(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutableFile(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}

/** The .NET SDK restores the pinned package (tools/bicep/bicep.csproj); every output stays under .tools/bicep/. */
function restoreFromNuGet(dotnet, log) {
  log(`bicep: fetching ${BICEP_PACKAGE} ${BICEP_VERSION} from NuGet into .tools/bicep (once)`);
  const objDir = path.join(toolsDir, 'obj') + path.sep;
  const result = spawnSync(
    dotnet,
    [
      'restore',
      path.join(root, 'tools', 'bicep', 'bicep.csproj'),
      '--packages',
      path.join(toolsDir, 'packages'),
      `-p:BicepVersion=${BICEP_VERSION}`,
      `-p:BaseIntermediateOutputPath=${objDir}`,
      `-p:MSBuildProjectExtensionsPath=${objDir}`,
      '--verbosity',
      'quiet',
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' },
    },
  );
  if (result.status !== 0 || !fs.existsSync(restored)) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`.trim();
    return `dotnet restore of ${BICEP_PACKAGE} ${BICEP_VERSION} failed (exit ${result.status}): ${output.slice(-600)}`;
  }
  fs.chmodSync(restored, 0o755);
  return undefined;
}

/** `{ path, source }` of a compiler, or `{ missing }` saying why there is none and how to get one. */
function locate(log = (line) => process.stderr.write(`${line}\n`)) {
  const explicit = process.env.AUTOPILOT_BICEP;
  if (explicit) {
    return isExecutableFile(explicit)
      ? { path: explicit, source: 'AUTOPILOT_BICEP' }
      : { missing: `AUTOPILOT_BICEP=${explicit} is not an executable file` };
  }
  const candidates = [
    [onPath('bicep'), 'PATH'],
    [path.join(os.homedir(), '.azd', 'bin', 'bicep'), "azd's copy"],
    [path.join(os.homedir(), '.azure', 'bin', 'bicep'), "the Azure CLI's copy"],
    [restored, `NuGet ${BICEP_PACKAGE} ${BICEP_VERSION}`],
  ];
  for (const [candidate, source] of candidates) {
    if (candidate && isExecutableFile(candidate)) return { path: candidate, source };
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return { missing: `no bicep found, and NuGet's ${BICEP_PACKAGE} runs on linux-x64 only: ${HOW_TO_ENABLE}` };
  }
  const dotnet = onPath('dotnet');
  if (!dotnet) return { missing: `no bicep on PATH or from azd, and no .NET SDK to fetch it: ${HOW_TO_ENABLE}` };
  const failure = restoreFromNuGet(dotnet, log);
  return failure ? { missing: failure } : { path: restored, source: `NuGet ${BICEP_PACKAGE} ${BICEP_VERSION}` };
}

function templates(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return templates(full);
      return entry.name.endsWith('.bicep') ? [full] : [];
    })
    .sort();
}

/** `file(line,col) : Warning BCP225: message [link]`, the compiler's default diagnostics format. */
const DIAGNOSTIC = /^(.+)\((\d+),(\d+)\) : (Error|Warning|Info) ([^:\s]+): (.*?)(?: \[https?:[^\]]*\])?$/;

function display(file) {
  const relative = path.relative(root, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
}

/**
 * Runs `bicep <command> --pattern **\/*.bicep` in dir (one process for every file). A diagnostic in a module is
 * reported once per template that uses it: each is kept once, under the file it is in. Output that is not a
 * diagnostic, or a failed run without an error, is itself an error: a check that could not run has not passed.
 */
function run(bicep, command, dir, extraArgs) {
  const result = spawnSync(bicep, [command, '--pattern', '**/*.bicep', ...extraArgs], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const seen = new Set();
  const diagnostics = [];
  const add = (diagnostic) => {
    const key = JSON.stringify(diagnostic);
    if (!seen.has(key)) diagnostics.push(diagnostic);
    seen.add(key);
  };
  for (const line of `${result.stdout ?? ''}\n${result.stderr ?? ''}`.split('\n')) {
    if (!line.trim()) continue;
    const match = DIAGNOSTIC.exec(line.trim());
    if (match) {
      const [, file, row, column, level, code, message] = match;
      add({ command, file: display(file), line: Number(row), column: Number(column), level, code, message });
    } else {
      add({ command, file: display(dir), line: 0, column: 0, level: 'Error', code: 'output', message: line.trim() });
    }
  }
  if (result.status !== 0 && !diagnostics.some((d) => d.level === 'Error')) {
    const why = result.error ? String(result.error) : `exit ${result.status ?? result.signal}`;
    add({ command, file: display(dir), line: 0, column: 0, level: 'Error', code: 'exit', message: why });
  }
  return diagnostics;
}

function counts(diagnostics) {
  return {
    errors: diagnostics.filter((d) => d.level === 'Error').length,
    warnings: diagnostics.filter((d) => d.level === 'Warning').length,
    infos: diagnostics.filter((d) => d.level === 'Info').length,
  };
}

/** Builds (into a temporary folder, never into the repository) and lints every template under dir. */
function check(bicep, dir) {
  const files = templates(dir);
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bicep-build-'));
  try {
    const diagnostics = [...run(bicep, 'build', dir, ['--outdir', outDir]), ...run(bicep, 'lint', dir, [])];
    for (const file of files) {
      const built = path.join(outDir, path.relative(dir, file)).replace(/\.bicep$/, '.json');
      const failed = diagnostics.some((d) => d.command === 'build' && d.level === 'Error' && d.file === display(file));
      if (!failed && !fs.existsSync(built)) {
        const message = 'no ARM template was written';
        diagnostics.push({
          command: 'build',
          file: display(file),
          line: 0,
          column: 0,
          level: 'Error',
          code: 'output',
          message,
        });
      }
    }
    const templatesChecked = files.map((file) => {
      const of = (command) => counts(diagnostics.filter((d) => d.command === command && d.file === display(file)));
      return { file: display(file), build: of('build'), lint: of('lint') };
    });
    return { templates: templatesChecked, diagnostics };
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

function version(bicep) {
  const result = spawnSync(bicep, ['--version'], { encoding: 'utf8' });
  return (result.stdout ?? '').trim() || `unknown (${bicep} --version: exit ${result.status})`;
}

function summary({ errors, warnings, infos }) {
  return `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${infos ? `, ${infos} info` : ''}`;
}

function printCheck(compiler, result) {
  const pinned = compiler.version.includes(` ${BICEP_VERSION} `) ? '' : ` (the pinned version is ${BICEP_VERSION})`;
  console.log(`bicep: ${compiler.version}${pinned}, from ${compiler.source}: ${compiler.path}`);
  for (const command of ['build', 'lint']) {
    for (const template of result.templates) {
      console.log(`bicep ${command} ${template.file}: ${summary(template[command])}`);
      for (const d of result.diagnostics.filter((x) => x.command === command && x.file === template.file)) {
        console.log(`  ${d.file}:${d.line}:${d.column} ${d.level} ${d.code}: ${d.message}`);
      }
    }
    for (const d of result.diagnostics.filter(
      (x) => x.command === command && !result.templates.some((t) => t.file === x.file),
    )) {
      console.log(`  ${d.file}:${d.line}:${d.column} ${d.level} ${d.code}: ${d.message}`);
    }
  }
  console.log(`bicep: ${result.templates.length} templates built and linted: ${summary(counts(result.diagnostics))}`);
}

function main(argv) {
  const json = argv.includes('--json');
  const [command = 'path', dirArgument] = argv.filter((a) => a !== '--json');
  if (command !== 'path' && command !== 'check') {
    process.stderr.write('usage: node scripts/bicep.js [path | check [DIR]] [--json]\n');
    return 64;
  }
  const found = locate();
  if (!found.path) {
    if (json) console.log(JSON.stringify({ missing: found.missing }));
    else process.stderr.write(`bicep: not available: ${found.missing}\n`);
    return 2;
  }
  if (command === 'path') {
    console.log(json ? JSON.stringify(found) : found.path);
    return 0;
  }
  const compiler = { ...found, version: version(found.path) };
  const result = check(found.path, path.resolve(dirArgument ?? path.join(root, 'infra')));
  if (json) console.log(JSON.stringify({ compiler, ...result }));
  else printCheck(compiler, result);
  return result.diagnostics.length === 0 ? 0 : 1;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

module.exports = { BICEP_VERSION, BICEP_PACKAGE, locate, check };

// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

/** The layering, enforced rather than kept by habit (docs/layout.md). Each folder lists what it must never import. */
const NO_TOOLING = [
  { regex: '(^|/)(tools|test)(/|$)', message: 'the app never imports development tooling or tests' },
  { regex: '^@privatelink-autopilot/', message: 'the app never imports the ARM emulator (a development package)' },
];
const NO_TRIGGERS = [
  {
    regex: '(^|/)(functions|activities|cli)(/|$)',
    message: 'triggers, activities and the CLI sit on top; nothing below imports them',
  },
];
const NO_AZURE = [
  {
    regex: '(^|/)azure(/|$)',
    message: 'reach ARM through the engine ports (src/engine/ports.ts), implemented in src/azure',
  },
];
const NO_IO_PACKAGES = [
  {
    regex:
      '^(@azure/(arm-|identity|core-|functions)|durable-functions$|(node:)?(fs|http|https|net|child_process)(/|$))',
    message: 'core is pure: no SDK clients, no Functions runtime, no file or network I/O',
  },
];
const NO_ENGINE = [{ regex: '(^|/)engine(/|$)', message: 'core knows nothing of the engine' }];

const boundary = (files, patterns) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } });

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      'dist-dev/**',
      '**/node_modules/**',
      'coverage/**',
      '.emulator/**',
      '.tools/**',
      'test-artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        setTimeout: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // A const read while the module loads, before its definition, is a ReferenceError that no type check sees.
    files: ['src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-use-before-define': [
        'error',
        { functions: false, classes: false, variables: true, typedefs: false, ignoreTypeReferences: true },
      ],
    },
  },
  boundary(['src/core/**/*.ts'], [...NO_TOOLING, ...NO_TRIGGERS, ...NO_AZURE, ...NO_ENGINE, ...NO_IO_PACKAGES]),
  boundary(
    ['src/engine/**/*.ts'],
    [
      ...NO_TOOLING,
      ...NO_TRIGGERS,
      ...NO_AZURE,
      {
        regex: '^(@azure/|durable-functions$)',
        message: 'the engine sees no SDK and no Functions runtime: only its ports',
      },
    ],
  ),
  boundary(
    ['src/azure/**/*.ts'],
    [
      ...NO_TOOLING,
      ...NO_TRIGGERS,
      { regex: '^(@azure/functions|durable-functions)$', message: 'adapters know no trigger' },
    ],
  ),
  boundary(
    ['src/activities/**/*.ts'],
    [...NO_TOOLING, { regex: '(^|/)(functions|cli)(/|$)', message: 'activities know no trigger and no CLI' }],
  ),
  boundary(
    ['src/cli/**/*.ts'],
    [
      ...NO_TOOLING,
      { regex: '(^|/)(functions|activities)(/|$)', message: 'the CLI calls the engine, not the function app' },
    ],
  ),
  boundary(
    ['src/functions/**/*.ts', 'src/app/**/*.ts'],
    [...NO_TOOLING, { regex: '(^|/)cli(/|$)', message: 'the function app does not go through the CLI' }],
  ),
  boundary(
    ['src/orchestrations/**/*.ts'],
    [
      ...NO_TOOLING,
      {
        regex: '(^|/)(cli|app|functions|activities|azure)(/|$)',
        message: 'orchestrators only sequence activities: no I/O, no triggers',
      },
    ],
  ),
  boundary(
    ['packages/arm-emulator/src/**/*.ts'],
    [
      {
        regex: '(^|/)(src|test|tools)/',
        message: 'the emulator is its own package: it never imports the app it stands in for',
      },
    ],
  ),
);

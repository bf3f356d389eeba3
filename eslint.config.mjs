// ESLint: the code's boundaries, checked by a tool rather than promised in comments
// (ARCHITECTURE.md, "Boundaries"). Prettier owns the formatting; eslint-config-prettier turns off
// the stylistic rules that would fight it.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const server = './server/src';

/**
 * The layers of server/src, each with the layers it may import (ARCHITECTURE.md, "Boundaries").
 * Anything else under server/src is off limits to it, which also rules out cycles between layers.
 */
const mayImport = {
  util: [],
  catalog: ['util'],
  // The engine is protocol-free and knows no rule: the rule list is handed to it (linter/).
  engine: ['catalog', 'util'],
  rules: ['engine', 'catalog', 'util'],
  // Infrastructure-as-code adapters: find the policies of a template and build their trees.
  iac: ['engine', 'catalog', 'util'],
  // Puts the rule list and the engine together: what the front ends call to analyse.
  linter: ['iac', 'rules', 'engine', 'catalog', 'util'],
  config: ['linter', 'iac', 'engine', 'catalog', 'util'],
  services: ['config', 'linter', 'iac', 'engine', 'catalog', 'util'],
  // The AWS layer makes AWS calls and nothing else: what it does not call AWS for lives with the
  // engine or with a front end.
  aws: ['catalog', 'util'],
  scenario: ['util'],
  // The two front ends of the server side.
  lsp: ['services', 'config', 'linter', 'iac', 'rules', 'engine', 'catalog', 'util', 'scenario'],
  cli: ['aws', 'services', 'config', 'linter', 'iac', 'rules', 'engine', 'catalog', 'util', 'scenario'],
};

const layerZones = Object.entries(mayImport).map(([layer, allowed]) => ({
  target: `${server}/${layer}`,
  from: Object.keys(mayImport)
    .filter((other) => other !== layer && !allowed.includes(other))
    .map((other) => `${server}/${other}`),
  message: `${layer}/ may import only ${allowed.join(', ') || 'nothing of the project'} (see ARCHITECTURE.md, "Boundaries").`,
}));

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'out/', 'test-results/', '.cache/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      // no-cycle reads every imported module: it needs to know .ts files and how to parse them.
      'import-x/extensions': ['.ts', '.mjs', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.mjs', '.js', '.json', '.d.ts'] })],
    },
    languageOptions: {
      globals: { ...globals.node },
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-useless-path-segments': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: server,
              from: './client',
              message: 'The language server, the CLI and the engine never import the extension client.',
            },
            ...layerZones,
            {
              // One rule is one file: what two rules share lives in rules/utils/ or in the engine.
              target: `${server}/rules/!(index).ts`,
              from: `${server}/rules`,
              except: ['./utils'],
              message: 'A rule does not import another rule: shared logic goes in rules/utils/ or engine/.',
            },
            {
              target: `${server}/rules/utils`,
              from: `${server}/rules`,
              except: ['./utils'],
              message: 'Rule helpers do not import rules.',
            },
          ],
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'Only client/ (and its in-VS Code tests) talk to the VS Code API.' }],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['client/src/**', 'test/vscode/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The AWS SDK is loaded on its first call (server/src/aws/sdk.ts): a value import other than
    // sdkExports.ts would load it with the extension again. Tests mock its client classes and may import them.
    files: ['server/src/**', 'client/src/**'],
    ignores: ['server/src/aws/sdkExports.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@aws-sdk/*', '@smithy/*'],
              allowTypeImports: true,
              message: "Import the AWS SDK's types only; its values come from server/src/aws/sdk.ts, which loads them on first use.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', 'bin/**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Chromium-side callbacks of the UI tests run in the browser page.
    files: ['test/ui/**', 'scripts/vscode/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  prettier,
);

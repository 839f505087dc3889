// Lint for every workspace: typescript-eslint's recommended rules, no import cycles between files
// (folder-level cycles are test/structure/folderCycles.test.ts), and attribute names only from a
// package's semconv.ts (CONVENTIONS.md: "No attribute string literals anywhere else").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/** An OTel attribute name written out: ours (burnrate.*), the GenAI conventions' (gen_ai.*), the resource's environment. */
// A whole dotted name (or a prefix ending in a dot); the config file's name and the OTLP protobuf
// package (burnrate.otlp.*) are not attributes.
const ATTRIBUTE_LITERAL = '/^(gen_ai\\.|burnrate\\.(?!config\\.json$|otlp\\.)|deployment\\.environment)[a-z0-9_.]*$/';
const attributeMessage = 'Attribute names come from semconv.ts (a constant there), not a string literal.';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'test/package/apps/**', 'test-output/**', 'dashboard/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mts,js,mjs}'],
    plugins: { 'import-x': importX },
    settings: {
      // .ts files are parsed as dependencies too (the default is .js only), so a cycle through them is seen.
      'import-x/extensions': ['.ts', '.tsx', '.mts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.mts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
    },
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', URL: 'readonly', fetch: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // `const { secret, ...rest } = row` is how a field is left out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // Telemetry never breaks a call: an observer's failure is swallowed on purpose, in an empty catch.
      'no-empty': ['error', { allowEmptyCatch: true }],
      // `let self` read by a server's handler before it is assigned stays `let` (const would throw there).
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      'no-restricted-syntax': [
        'error',
        { selector: `Literal[value=${ATTRIBUTE_LITERAL}]`, message: attributeMessage },
        { selector: `TemplateElement[value.raw=${ATTRIBUTE_LITERAL}]`, message: attributeMessage },
      ],
    },
  },
  { files: ['**/semconv.ts'], rules: { 'no-restricted-syntax': 'off' } },
  {
    // The collector logs through the logger it is handed (collector/src/log/logger.ts), so every line
    // has a level, a format and, in a request, its id. The CLI prints its answers; tests may print.
    files: ['collector/src/**/*.ts'],
    ignores: ['collector/src/cli/**', '**/*.test.ts'],
    rules: { 'no-console': 'error' },
  },
);

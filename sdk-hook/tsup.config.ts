import { defineConfig } from 'tsup';

// What npm users get: ESM and CommonJS builds with their own .d.ts / .d.cts. @burnrate/contract is
// a workspace package that is never published, so its code (and its types) are bundled in; every
// other import stays a dependency or peer dependency of the package.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  target: 'node20',
  platform: 'node',
  tsconfig: 'tsconfig.build.json',
  dts: { resolve: [/^@burnrate\/contract/] },
  noExternal: [/^@burnrate\/contract/],
  sourcemap: false,
  clean: true,
  splitting: false,
  treeshake: true,
});

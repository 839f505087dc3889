// The dashboard is a static single-page app the collector serves at `/` (dashboard/dist). Routes
// live in the URL hash, so static serving needs no fallback. In `vite dev`, /api goes to a
// running collector (BURNRATE_URL, default the collector's default address).
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Relative asset URLs: the same build works at `/` and behind a path prefix.
  base: './',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1200 },
  server: { proxy: { '/api': process.env.BURNRATE_URL ?? 'http://127.0.0.1:4318' } },
});

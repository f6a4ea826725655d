// Builds the web UI into dist/web, which `tally serve` serves at `/` (SPA fallback to index.html).
// `npm run dev:web` runs Vite's dev server with hot reload, proxying API calls to a local
// `tally serve`: TALLY_SERVER (as for the CLI), else http://127.0.0.1:7070.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const backend = process.env.TALLY_SERVER || 'http://127.0.0.1:7070';

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 700, // cytoscape lives alone in the graph page's chunk
  },
  server: {
    port: 5173,
    proxy: {
      '/api': backend,
      '/badges': backend,
      '/status': backend,
      '/healthz': backend,
      '/readyz': backend,
      '/demo': backend,
    },
  },
});

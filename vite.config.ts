import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    // The editor route is split out; see client/routes.
    chunkSizeWarningLimit: 900,
    // The server reads the manifest to name the draft page's chunks in the page it serves for a
    // draft's address, so the browser fetches and compiles them beside the app's entry
    // (server/http/client-page.ts).
    manifest: true,
  },
  server: {
    // `npm run dev` runs the real server, which serves the built client; the Vite dev server is
    // only used for hot reload and proxies the API and the websocket to it.
    proxy: {
      '/api': 'http://localhost:8787',
      '/collab': { target: 'ws://localhost:8787', ws: true },
    },
  },
  test: {
    root: repoRoot,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          root: repoRoot,
          environment: 'node',
          include: ['shared/**/*.test.ts', 'client/**/*.test.ts', 'server/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/fuzz/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          root: repoRoot,
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // A page under a loaded CI machine can take seconds to show a colleague's change; the
          // 1 s default made such waits fail while the product was right.
          expect: { poll: { timeout: 10_000 } },
          globalSetup: ['tests/e2e/global-setup.ts'],
        },
      },
    ],
  },
});

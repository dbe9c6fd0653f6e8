import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/test-server.ts';

/** How the built client is cached: hashed assets for good, the page never without asking. */
describe('caching of the built client', () => {
  let server: TestServer;
  let clientDir: string;
  beforeAll(async () => {
    clientDir = await fs.mkdtemp(path.join(os.tmpdir(), 'plenary-client-'));
    await fs.mkdir(path.join(clientDir, 'assets'));
    await fs.writeFile(path.join(clientDir, 'index.html'), '<!doctype html><html><head><script type="module" src="/assets/main-3f2a9c1b.js"></script></head><body></body></html>');
    await fs.writeFile(path.join(clientDir, 'assets', 'main-3f2a9c1b.js'), 'export const ready = true;\n');
    // Vite's manifest: the entry, and the draft page's chunk with its own vendor chunk and style.
    await fs.mkdir(path.join(clientDir, '.vite'));
    const manifest = {
      'index.html': { file: 'assets/main-3f2a9c1b.js', isEntry: true, dynamicImports: ['routes/DraftPage.tsx'] },
      'routes/DraftPage.tsx': { file: 'assets/DraftPage-9c1b3f2a.js', isDynamicEntry: true, imports: ['index.html', '_editor-77aa.js'], css: ['assets/DraftPage-1b3f.css'] },
      '_editor-77aa.js': { file: 'assets/editor-77aa.js' },
    };
    await fs.writeFile(path.join(clientDir, '.vite', 'manifest.json'), JSON.stringify(manifest));
    server = await startServer({ env: { CLIENT_DIR: clientDir } });
  });
  afterAll(async () => {
    await server?.dispose();
    await fs.rm(clientDir, { recursive: true, force: true });
  });

  it('lets the browser keep a hashed asset for good', async () => {
    const res = await fetch(`${server.url}/assets/main-3f2a9c1b.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('ready = true');
  });

  it('answers a missing asset 404, never cached and never the page', async () => {
    const res = await fetch(`${server.url}/assets/main-00000000.js`);
    expect(res.status).toBe(404);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).not.toContain('<!doctype html>');
  });

  it('makes the browser ask for the page each time (a rebuilt client refers to new asset names)', async () => {
    for (const page of ['/', '/drafts/abc']) {
      const res = await fetch(`${server.url}${page}`);
      expect(res.status, page).toBe(200);
      expect(res.headers.get('cache-control'), page).toBe('no-cache');
      expect(await res.text(), page).toContain('/assets/main-3f2a9c1b.js');
    }
  });

  it('names the draft page’s chunks for preloading in the page served for a draft, and only there', async () => {
    const draft = await (await fetch(`${server.url}/drafts/abc`)).text();
    expect(draft).toContain('<link rel="modulepreload" crossorigin href="/assets/DraftPage-9c1b3f2a.js">');
    expect(draft).toContain('<link rel="modulepreload" crossorigin href="/assets/editor-77aa.js">');
    expect(draft).toContain('<link rel="preload" as="style" crossorigin href="/assets/DraftPage-1b3f.css">');
    // The entry is the page's own script already, not preloaded twice.
    expect(draft).not.toContain('rel="modulepreload" crossorigin href="/assets/main-3f2a9c1b.js"');
    for (const page of ['/', '/login', '/drafts/abc/elsewhere']) {
      const html = await (await fetch(`${server.url}${page}`)).text();
      expect(html, page).toContain('/assets/main-3f2a9c1b.js');
      expect(html, page).not.toContain('modulepreload');
    }
  });

  it('keeps the API uncached', async () => {
    const res = await fetch(`${server.url}/api/me`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    await res.body?.cancel();
  });
});

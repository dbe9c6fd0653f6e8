import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type WebSocketRoute } from 'playwright-core';
import { REPO_ROOT, startServer, type StartOptions, type TestServer } from '../../helpers/test-server.ts';

/** Debian's Chromium, headless, with the flags this closed network needs. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** A real server that serves the built client (the e2e global setup builds it). */
export function startAppServer(opts: StartOptions = {}): Promise<TestServer> {
  return startServer({ ...opts, env: { CLIENT_DIR: path.join(REPO_ROOT, 'dist/client'), ...opts.env } });
}

export interface UserPage {
  context: BrowserContext;
  page: Page;
  /** Console errors and CSP violations seen in the page (assert on them: a clean page has none). */
  problems: string[];
}

/** A separate browser context (its own cookies and IndexedDB) logged in through the login form. */
export async function loginInNewContext(
  browser: Browser,
  server: TestServer,
  email: string,
  password: string,
  next = '/',
  prepare?: (context: BrowserContext) => Promise<void>,
): Promise<UserPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  await prepare?.(context);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    const text = m.text();
    // The first GET /api/me before login answers 401 by design.
    if (m.type() === 'error' && !text.includes('401')) problems.push(text);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  await page.goto(`${server.url}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((url) => url.pathname === next);
  return { context, page, problems };
}

/** The draft text as the editor shows it (block texts joined by newlines), without collaborators' caret labels. */
export async function editorText(page: Page): Promise<string> {
  return page.locator('.draft-text').evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove();
    return [...copy.children].map((c) => c.textContent ?? '').join('\n');
  });
}

export interface NetworkSwitch {
  /** No network at all (pages cannot load either). */
  goOffline(): Promise<void>;
  /** Only the collaboration server is unreachable: pages load, the websocket does not connect. */
  cutCollaboration(): Promise<void>;
  goOnline(): Promise<void>;
  /** How many websockets to /collab/ the page has tried to open so far (refused ones included). */
  attempts(): number;
}

/**
 * Takes a browser context on and off the network. Chromium's offline emulation does not end open
 * websockets, so the collaboration socket is routed through Playwright and cut here, as a lost
 * network would cut it; while offline, new connection attempts fail at once.
 */
export async function installNetworkSwitch(context: BrowserContext): Promise<NetworkSwitch> {
  let offline = false;
  let attempts = 0;
  const open = new Set<WebSocketRoute>();
  await context.routeWebSocket(/\/collab\//, (ws) => {
    attempts++;
    if (offline) {
      void ws.close({ code: 4000, reason: 'offline' });
      return;
    }
    ws.connectToServer();
    open.add(ws);
    ws.onClose(() => open.delete(ws));
  });
  return {
    async goOffline() {
      offline = true;
      await context.setOffline(true);
      await Promise.all([...open].map((ws) => ws.close({ code: 4000, reason: 'offline' })));
      open.clear();
    },
    async cutCollaboration() {
      offline = true;
      await Promise.all([...open].map((ws) => ws.close({ code: 4000, reason: 'offline' })));
      open.clear();
    },
    async goOnline() {
      offline = false;
      await context.setOffline(false);
    },
    attempts: () => attempts,
  };
}

import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

/**
 * A Chromium CPU profile and performance trace of part of a browser benchmark, for finding where
 * a keystroke's time goes: with BENCH_PROFILE=DIR set, `fn` runs under the V8 sampling profiler
 * (through CDP) and a DevTools timeline trace; they are written to DIR/NAME.cpuprofile (open it in
 * DevTools, or summarise it with bench/profile-summary.ts) and DIR/NAME.trace.json (style, layout
 * and paint, which the profile shows only as "(program)"; DevTools' Performance panel opens it).
 * Without it, `fn` just runs. For readable function names build the client unminified first
 * (`npx vite build --minify false`).
 */
export async function withBrowserProfile<T>(page: Page, name: string, fn: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_PROFILE;
  if (!dir) return fn();
  const browser = page.context().browser();
  const out = path.resolve(dir);
  fs.mkdirSync(out, { recursive: true });
  await browser?.startTracing(page, { path: path.join(out, `${name}.trace.json`), categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await cdp.send('Profiler.stop');
    await browser?.stopTracing();
    const file = path.join(out, `${name}.cpuprofile`);
    fs.writeFileSync(file, JSON.stringify(profile));
    process.stderr.write(`CPU profile: ${file}\n`);
    await cdp.detach();
  }
}

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { benchFoundation, type FoundationOptions } from './foundation.ts';

/**
 * `npm run bench [-- SECTION… ] [--prefix N] [--run N] [--clients 1,4,16] [--trace FILE] [--profile DIR]`
 *
 * Prints markdown: the foundation section, then every other section whose module exists
 * (bench/versions.ts → benchVersions, …). Naming sections runs only those. Progress goes to
 * stderr, so `npm run bench > results.md` keeps just the tables. Environment: BENCH_PREFIX,
 * BENCH_RUN, BENCH_CLIENTS, BENCH_TRACE, BENCH_PROFILE, as the flags. With a profile directory the
 * browser sections (review, structure) also write Chromium CPU profiles and timeline traces of
 * opening and typing there (bench/browser-profile.ts).
 */

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(BENCH_DIR, '..');
const DEFAULT_TRACE = path.resolve(REPO_ROOT, '../shared/traces/automerge-paper.json.gz');

/** The sections other than the foundation: file in bench/, and the function it exports. */
const OTHER_SECTIONS = [
  { name: 'versions', file: 'versions.ts', exportName: 'benchVersions' },
  { name: 'review', file: 'review.ts', exportName: 'benchReview' },
  { name: 'structure', file: 'structure.ts', exportName: 'benchStructure' },
  { name: 'export', file: 'export.ts', exportName: 'benchExport' },
  { name: 'load', file: 'load.ts', exportName: 'benchLoad' },
] as const;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    prefix: { type: 'string' },
    run: { type: 'string' },
    clients: { type: 'string' },
    trace: { type: 'string' },
    profile: { type: 'string' },
    'load-samples': { type: 'string' },
    'disk-samples': { type: 'string' },
    timeout: { type: 'string' },
  },
});

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${name} must be a positive integer, not "${raw}"`);
  return n;
}

function foundationOptions(): FoundationOptions {
  const env = process.env;
  const clientsRaw = values.clients ?? env.BENCH_CLIENTS ?? '1,4,16';
  return {
    tracePath: path.resolve(values.trace ?? env.BENCH_TRACE ?? DEFAULT_TRACE),
    // 20,000 transactions: a full run (three client counts, two servers) takes a few minutes here.
    prefix: positiveInt('--prefix', values.prefix ?? env.BENCH_PREFIX, 20_000),
    runLength: positiveInt('--run', values.run ?? env.BENCH_RUN, 100),
    clientCounts: clientsRaw.split(',').map((c) => positiveInt('--clients', c.trim(), 1)),
    loadSamples: positiveInt('--load-samples', values['load-samples'], 3),
    diskSamples: positiveInt('--disk-samples', values['disk-samples'], 3),
    profileDir: values.profile ?? env.BENCH_PROFILE,
    timeoutMs: positiveInt('--timeout', values.timeout, 60) * 1000,
    progress: (line) => process.stderr.write(`${line}\n`),
  };
}

async function main(): Promise<number> {
  // y-websocket adds a process 'exit' listener per provider; 16 clients plus loads pass the default 10.
  process.setMaxListeners(64);
  // The browser sections read the profile directory from the environment (browser-profile.ts).
  if (values.profile) process.env.BENCH_PROFILE = values.profile;
  const known = new Set<string>(['foundation', ...OTHER_SECTIONS.map((s) => s.name)]);
  const unknown = positionals.filter((p) => !known.has(p));
  if (unknown.length > 0) throw new RangeError(`unknown section(s) ${unknown.join(', ')}; known: ${[...known].join(', ')}`);
  const wanted = (name: string) => positionals.length === 0 || positionals.includes(name);
  let failures = 0;

  if (wanted('foundation')) process.stdout.write(`${await benchFoundation(foundationOptions())}\n\n`);
  for (const section of OTHER_SECTIONS) {
    if (!wanted(section.name)) continue;
    const file = path.join(BENCH_DIR, section.file);
    if (!fs.existsSync(file)) {
      if (positionals.includes(section.name)) throw new Error(`section ${section.name}: ${file} does not exist`);
      continue;
    }
    try {
      const mod: Record<string, unknown> = await import(pathToFileURL(file).href);
      const fn = mod[section.exportName];
      if (typeof fn !== 'function') throw new TypeError(`${section.file} does not export ${section.exportName}()`);
      const markdown: unknown = await (fn as () => Promise<unknown>)();
      if (typeof markdown !== 'string') throw new TypeError(`${section.exportName}() did not return markdown`);
      process.stdout.write(`${markdown}\n\n`);
    } catch (err) {
      // One broken section should not hide the others' figures; the exit code still says so.
      failures++;
      process.stdout.write(`## ${section.name}\n\nFailed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n\n`);
    }
  }
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);

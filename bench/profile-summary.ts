import fs from 'node:fs';

/**
 * `node --import tsx bench/profile-summary.ts FILE.cpuprofile [TOP] [WINDOW.json]`: where a
 * server's main thread spent its time — self time per function, and per package or source folder
 * — counting only samples inside the replay window when one is given (start-up excluded).
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The replay's time window (monotonic µs), written beside the profiles by foundation.ts. */
interface Window {
  fromUs: number;
  toUs: number;
}

function where(url: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg?.[1]) return pkg[1];
  const own = /\/work\/main\/([^/]+\/[^/]+)/.exec(url);
  if (own?.[1]) return own[1];
  return url.startsWith('node:') ? url : url ? 'other' : '(native / idle / gc)';
}

function summarise(file: string, top: number, window: Window | undefined): string {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (window && (t < window.fromUs || t > window.toUs)) return;
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idle += us;
      continue;
    }
    total += us;
    const key = `${functionName || '(anonymous)'}  ${url.replace(/^.*\/work\/main\//, '')}:${lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    byPlace.set(where(url), (byPlace.get(where(url)) ?? 0) + us);
  }
  const rows = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`)
      .join('\n');
  return `${file}: ${(total / 1000).toFixed(0)} ms busy, ${(idle / 1000).toFixed(0)} ms idle\n\nby package / folder:\n${rows(byPlace)}\n\nby function (self):\n${rows(byFunction)}\n`;
}

const [file, top, windowFile] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: bench/profile-summary.ts FILE.cpuprofile [TOP] [WINDOW.json]\n');
  process.exit(2);
}
const window = windowFile ? (JSON.parse(fs.readFileSync(windowFile, 'utf8')) as Window) : undefined;
process.stdout.write(summarise(file, Number(top ?? 25), window));

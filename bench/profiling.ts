import fs from 'node:fs';
import path from 'node:path';

/**
 * CPU profiles of the server processes for `npm run bench -- --profile DIR`. Node 20 refuses
 * --cpu-prof in NODE_OPTIONS and the servers' command lines are fixed, so a small hook is
 * preloaded instead (NODE_OPTIONS=--import DIR/cpu-profile-hook.mjs): it profiles the main thread
 * from start to exit and writes DIR/NAME-PID.cpuprofile (one per process, so a restarted server
 * does not overwrite the first). Summarise one with bench/profile-summary.ts.
 */

// Plain JavaScript: it is loaded before tsx registers. Same-thread inspector calls complete
// synchronously, which is what lets it write inside 'exit'.
const HOOK = `import fs from 'node:fs';
import inspector from 'node:inspector';
const file = process.env.BENCH_CPU_PROFILE;
if (file) {
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 200 });
  session.post('Profiler.start');
  process.on('exit', () => {
    session.post('Profiler.stop', (err, result) => {
      if (!err) fs.writeFileSync(file.replace(/\\.cpuprofile$/, '-' + process.pid + '.cpuprofile'), JSON.stringify(result.profile));
    });
  });
}
`;

/** Environment that makes a server process write DIR/NAME-PID.cpuprofile on exit; {} without DIR. */
export function profileEnv(dir: string | undefined, name: string): Record<string, string> {
  if (!dir) return {};
  const abs = path.resolve(dir);
  fs.mkdirSync(abs, { recursive: true });
  const hook = path.join(abs, 'cpu-profile-hook.mjs');
  fs.writeFileSync(hook, HOOK);
  return { NODE_OPTIONS: `--import ${hook}`, BENCH_CPU_PROFILE: path.join(abs, `${name}.cpuprofile`) };
}

/** Writes the replay's time window (monotonic µs, the clock V8 stamps profiles with) beside them. */
export function writeReplayWindow(dir: string, name: string, fromUs: number, toUs: number): void {
  fs.writeFileSync(path.join(path.resolve(dir), `${name}-replay-window.json`), JSON.stringify({ fromUs, toUs }));
}

/** Now on the monotonic clock, in µs. */
export function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

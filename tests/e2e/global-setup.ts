import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from '../helpers/test-server.ts';

/** Browser tests run against the built client, served by the real server: build it once. */
export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], { cwd: REPO_ROOT, stdio: 'inherit' });
}

import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from '../helpers/test-server.ts';

/**
 * Browser tests run against the built client, served by the real server: build it once, as
 * `npm run build` does. NODE_ENV is set because Vitest sets it to "test", with which Vite builds
 * React's development JSX runtime: the tests would exercise a slower client than the one shipped.
 */
export default function setup(): void {
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../tests/helpers/test-server.ts';

/**
 * The client build a browser bench serves: BENCH_CLIENT_DIR (another build, for a back-to-back
 * comparison) or the repo's dist/client. A development build (React's jsxDEV and its checks) is
 * refused: it is several times slower than what `npm start` serves, and the e2e tests' build used to
 * be one (NODE_ENV=test under Vitest), so a bench run after the tests measured the wrong thing.
 */
export function benchClientDir(): string {
  const dir = path.resolve(process.env.BENCH_CLIENT_DIR ?? path.join(REPO_ROOT, 'dist/client'));
  const assets = path.join(dir, 'assets');
  const scripts = fs.existsSync(assets) ? fs.readdirSync(assets).filter((f) => f.endsWith('.js')) : [];
  if (scripts.length === 0) throw new Error(`no client build in ${dir}: run \`npm run build\` first`);
  for (const file of scripts) {
    if (fs.readFileSync(path.join(assets, file), 'utf8').includes('jsxDEV')) {
      throw new Error(`${dir} holds a development build (${file}): run \`npm run build\` before benchmarking`);
    }
  }
  return dir;
}

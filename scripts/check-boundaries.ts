/**
 * Lint step: dependencies point one way (client → shared ← server) and no module imports itself
 * through a cycle. Walks relative imports of every .ts/.tsx file under client, server and shared.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const LAYERS = ['client', 'server', 'shared'] as const;
const ALLOWED: Record<(typeof LAYERS)[number], string[]> = { client: ['client', 'shared'], server: ['server', 'shared'], shared: ['shared'] };
const IMPORT = /(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'fixtures' ? [] : files(p);
    return /\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

const graph = new Map<string, string[]>();
const problems: string[] = [];
for (const layer of LAYERS) {
  for (const file of files(path.join(ROOT, layer))) {
    const text = fs.readFileSync(file, 'utf8');
    const deps: string[] = [];
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      if (!spec || spec.includes('?')) continue;
      const target = path.resolve(path.dirname(file), spec);
      const targetLayer = path.relative(ROOT, target).split(path.sep)[0] ?? '';
      if (!ALLOWED[layer].includes(targetLayer)) problems.push(`${path.relative(ROOT, file)} imports ${spec} (${layer} may not import ${targetLayer})`);
      deps.push(target);
    }
    graph.set(file, deps);
  }
}

// Cycle detection (iterative DFS colouring).
const state = new Map<string, 1 | 2>();
function visit(start: string): void {
  const stack: Array<{ node: string; i: number }> = [{ node: start, i: 0 }];
  const trail: string[] = [start];
  state.set(start, 1);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (!top) break;
    const deps = graph.get(top.node) ?? [];
    if (top.i >= deps.length) {
      state.set(top.node, 2);
      stack.pop();
      trail.pop();
      continue;
    }
    const next = deps[top.i++];
    if (!next || !graph.has(next)) continue;
    if (state.get(next) === 1) {
      const cycle = trail.slice(trail.indexOf(next)).concat(next).map((f) => path.relative(ROOT, f));
      problems.push(`import cycle: ${cycle.join(' → ')}`);
    } else if (!state.has(next)) {
      state.set(next, 1);
      stack.push({ node: next, i: 0 });
      trail.push(next);
    }
  }
}
for (const file of graph.keys()) if (!state.has(file)) visit(file);

if (problems.length > 0) {
  console.error(`Boundary check failed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`Boundary check: ${graph.size} modules, dependencies point one way, no cycles.`);

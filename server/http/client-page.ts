import fs from 'node:fs';
import path from 'node:path';

/** The built client's source of the draft page, as Vite's manifest names it (root: client/). */
const DRAFT_PAGE_SOURCE = 'routes/DraftPage.tsx';
const DRAFT_PATH = /^\/drafts\/[^/]+\/?$/;

interface ManifestChunk {
  file: string;
  imports?: string[];
  css?: string[];
  isEntry?: boolean;
}
type Manifest = Record<string, ManifestChunk>;

/**
 * The page every client-side route loads (the built index.html). For a draft's address it also
 * names the draft page's script and style chunks as `modulepreload` / `preload` links, so the
 * browser fetches and compiles the editor (the largest chunk) beside the app's entry instead of
 * after the entry has run and asked for it. Links are markup, not script: the CSP is unchanged.
 * Read per request (both files are small): a rebuilt client refers to new hashed names.
 */
export function clientPage(clientDir: string): (requestPath: string) => string {
  const indexFile = path.join(clientDir, 'index.html');
  const manifestFile = path.join(clientDir, '.vite', 'manifest.json');
  return (requestPath) => {
    const html = fs.readFileSync(indexFile, 'utf8');
    if (!DRAFT_PATH.test(requestPath)) return html;
    const links = draftPageLinks(readManifest(manifestFile));
    // After the entry's own tags in <head>: the entry is still fetched first. (A page without a
    // head is served as it is.)
    return links.length === 0 ? html : html.replace('</head>', `  ${links.join('\n    ')}\n  </head>`);
  };
}

/** Preload links for the draft page's chunk, the chunks it imports (not the entry: already loading) and their styles. */
export function draftPageLinks(manifest: Manifest | undefined): string[] {
  if (!manifest?.[DRAFT_PAGE_SOURCE]) return [];
  const scripts: string[] = [];
  const styles: string[] = [];
  const seen = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || seen.has(key) || chunk.isEntry) return;
    seen.add(key);
    scripts.push(chunk.file);
    styles.push(...(chunk.css ?? []));
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(DRAFT_PAGE_SOURCE);
  // Hashed names from our own build ([A-Za-z0-9._/-]); anything else is not written into the page.
  const safe = (file: string) => /^[\w./-]+$/.test(file);
  return [
    ...scripts.filter(safe).map((file) => `<link rel="modulepreload" crossorigin href="/${file}">`),
    ...styles.filter(safe).map((file) => `<link rel="preload" as="style" crossorigin href="/${file}">`),
  ];
}

/** The build's manifest, or undefined without one (an older build: the page then loads as before). */
function readManifest(file: string): Manifest | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

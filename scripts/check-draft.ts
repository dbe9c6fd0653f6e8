/**
 * `npm run check-draft -- FILE [--convention wassenaar|eu]`: runs the live checks on a .txt, .md
 * or .docx file (read by the same importer as POST /api/drafts/import) and prints one JSON object
 * per problem, `{"check","line","text","message"}`, `line` being the 1-based line of the input
 * (for .docx: of its text, one line per paragraph). Exit status: 0 no problem, 1 problems,
 * 2 the file could not be read or the arguments are wrong.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseText, runChecks, type Convention } from '../shared/domain/index.ts';
import { fileToText, UnreadableFile } from '../server/import/file-to-text.ts';

const USAGE = 'usage: npm run check-draft -- FILE [--convention wassenaar|eu]';

function parseArgs(argv: string[]): { file: string; convention?: Convention } | string {
  let file: string | undefined;
  let convention: Convention | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--convention') {
      const v = argv[++i];
      if (v !== 'wassenaar' && v !== 'eu') return `--convention must be wassenaar or eu\n${USAGE}`;
      convention = v;
    } else if (a !== undefined && !a.startsWith('--') && file === undefined) file = a;
    else return USAGE;
  }
  if (!file) return USAGE;
  return convention ? { file, convention } : { file };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === 'string') {
    process.stderr.write(`${args}\n`);
    return 2;
  }
  let text: string;
  try {
    text = await fileToText(path.basename(args.file), new Uint8Array(await readFile(args.file)));
  } catch (err) {
    const message = err instanceof UnreadableFile ? err.message : `cannot read ${args.file}: ${(err as Error).message}`;
    process.stderr.write(`${message}\n`);
    return 2;
  }
  const problems = runChecks(parseText(text, args.convention ? { convention: args.convention } : {}));
  for (const p of problems) {
    process.stdout.write(`${JSON.stringify({ check: p.check, line: p.source.line ?? null, text: p.text, message: p.message })}\n`);
  }
  return problems.length > 0 ? 1 : 0;
}

process.exitCode = await main();

/**
 * `npm run check-draft`: the real CLI, run as a child process on real .txt, .md and .docx files,
 * the way a coordinator (or CI on the sample) runs it. Asserts the JSON-lines contract of issue 7:
 * one `{"check","line","text","message"}` per problem, 1-based input lines, exit 1 with problems,
 * 0 without, 2 with a clear message on stderr when the file cannot be checked.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_PROPOSAL_TEXT } from '../../shared/templates/sample-text.ts';
import { CHECK_IDS } from '../../shared/domain/index.ts';
import withProblems from '../../shared/domain/fixtures/sample-with-problems.txt?raw';
import { SAMPLE_WITH_PROBLEMS_EXPECTED } from '../../shared/domain/fixtures/sample-with-problems.expected.ts';
import { docxFromText } from './import-docx.ts';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI_TIMEOUT = 60_000;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function checkDraft(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/check-draft.ts', ...args],
      { cwd: REPO, timeout: CLI_TIMEOUT },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

interface Line {
  check: string;
  line: number;
  text: string;
  message: string;
}

/** Every stdout line must be one JSON problem with exactly the four fields. */
function problemsOf(run: Run): Line[] {
  const lines = run.stdout.split('\n').filter((l) => l !== '');
  return lines.map((l) => {
    const p = JSON.parse(l) as Line;
    expect(Object.keys(p).sort()).toEqual(['check', 'line', 'message', 'text']);
    expect(CHECK_IDS).toContain(p.check);
    expect(Number.isInteger(p.line) && p.line >= 1).toBe(true);
    expect(p.message.length).toBeGreaterThan(20);
    return p;
  });
}

/** The checks and lines that sample-with-problems.txt was written to trigger, in reading order. */
const EXPECTED_IN_TEXT = SAMPLE_WITH_PROBLEMS_EXPECTED;

let dir: string;
const at = (name: string) => path.join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'check-draft-'));
  await writeFile(at('sample.txt'), SAMPLE_PROPOSAL_TEXT);
  await writeFile(at('sample.md'), SAMPLE_PROPOSAL_TEXT);
  await writeFile(at('sample.docx'), await docxFromText(SAMPLE_PROPOSAL_TEXT));
  await writeFile(at('problems.txt'), withProblems);
  await writeFile(at('problems.md'), withProblems);
  await writeFile(at('problems.docx'), await docxFromText(withProblems));
  await writeFile(at('corrupt.docx'), 'PK\u0003\u0004 this is not really a zip archive');
  await writeFile(at('not-word.docx'), 'plain text saved with the wrong extension');
  await writeFile(at('empty.txt'), '');
  await writeFile(
    at('eu.txt'),
    ['Category 4', 'A. Systems', '4A005 Systems having any of the following:', 'a. one; or', 'b. two.', '4A004 Other systems.'].join('\n'),
  );
  await writeFile(
    at('eu-clean.txt'),
    ['Category 4', 'A. Systems', '4A004 Other systems.', '4A005 Systems having any of the following:', 'a. one; or', 'b. two.'].join('\n'),
  );
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run check-draft', () => {
  it('passes the sample proposal as .txt, .md and .docx: no output, exit 0', { timeout: 3 * CLI_TIMEOUT }, async () => {
    for (const file of ['sample.txt', 'sample.md', 'sample.docx']) {
      const run = await checkDraft(at(file));
      expect({ file, ...run }).toEqual({ file, code: 0, stdout: '', stderr: '' });
    }
  });

  it('reports every deliberate problem of a .txt with its check and 1-based line, exit 1', { timeout: CLI_TIMEOUT }, async () => {
    const run = await checkDraft(at('problems.txt'));
    expect(run.code).toBe(1);
    const problems = problemsOf(run);
    expect(problems.map((p) => [p.check, p.line])).toEqual(EXPECTED_IN_TEXT);
    // The line number really is where the quoted text is in the input.
    const input = withProblems.split('\n');
    for (const p of problems) expect(input[p.line - 1]).toContain(p.text);
    expect(problems[0]).toMatchObject({ check: 'identifier', text: '4.A.5' });
    expect(problems[0]?.message).toContain('final full stop');
  });

  it('gives the same problems for the same text as .md', { timeout: CLI_TIMEOUT }, async () => {
    const run = await checkDraft(at('problems.md'));
    expect(run.code).toBe(1);
    expect(problemsOf(run).map((p) => [p.check, p.line])).toEqual(EXPECTED_IN_TEXT);
  });

  it('numbers a .docx by its paragraphs, one line each', { timeout: CLI_TIMEOUT }, async () => {
    const run = await checkDraft(at('problems.docx'));
    expect(run.code).toBe(1);
    const problems = problemsOf(run);
    expect(problems.map((p) => p.check)).toEqual(EXPECTED_IN_TEXT.map(([check]) => check));
    // docxFromText writes one paragraph per non-empty line, so those are the .docx's lines.
    const paragraphs = withProblems.split('\n').filter((l) => l.trim() !== '');
    for (const p of problems) expect(paragraphs[p.line - 1]).toContain(p.text);
  });

  it('checks identifiers against the chosen convention', { timeout: 3 * CLI_TIMEOUT }, async () => {
    const eu = await checkDraft(at('eu.txt'), '--convention', 'eu');
    expect(eu.code).toBe(1);
    expect(problemsOf(eu).map((p) => [p.check, p.line, p.text])).toEqual([['order', 6, '4A004']]);

    const wassenaar = await checkDraft(at('eu.txt'), '--convention', 'wassenaar');
    expect(wassenaar.code).toBe(1);
    const asWassenaar = problemsOf(wassenaar);
    expect(asWassenaar.map((p) => [p.check, p.line])).toEqual([
      ['identifier', 3],
      ['identifier', 6],
      ['order', 6],
    ]);
    expect(asWassenaar[0]?.message).toContain('4.A.5.');

    const clean = await checkDraft(at('eu-clean.txt'), '--convention', 'eu');
    expect(clean).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('exits 2 with a clear message, and no problem lines, when the file cannot be checked', { timeout: 6 * CLI_TIMEOUT }, async () => {
    const missing = await checkDraft(at('no-such-file.txt'));
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toMatch(/cannot read .*no-such-file\.txt/);

    const corrupt = await checkDraft(at('corrupt.docx'));
    expect(corrupt).toMatchObject({ code: 2, stdout: '' });
    expect(corrupt.stderr).toContain('"corrupt.docx" could not be read as a Word document; it may be damaged');

    const notWord = await checkDraft(at('not-word.docx'));
    expect(notWord).toMatchObject({ code: 2, stdout: '' });
    expect(notWord.stderr).toContain('"not-word.docx" is not a Word document (.docx)');

    const empty = await checkDraft(at('empty.txt'));
    expect(empty).toMatchObject({ code: 2, stdout: '', stderr: '"empty.txt" is empty.\n' });

    const badConvention = await checkDraft(at('sample.txt'), '--convention', 'us');
    expect(badConvention).toMatchObject({ code: 2, stdout: '' });
    expect(badConvention.stderr).toContain('--convention must be wassenaar or eu');

    const noFile = await checkDraft();
    expect(noFile).toMatchObject({ code: 2, stdout: '' });
    expect(noFile.stderr).toContain('usage: npm run check-draft');
  });
});

import { EXPORT_FORMATS, type ExportFormat } from '../shared/api/export.ts';
import type { ProseMirrorJSON } from '../shared/schema/canonical-text.ts';
import { CL } from '../shared/schema/control-list/index.ts';
import { exportDocument } from '../server/exports/exporter.ts';

/** Targets from issue 4, in milliseconds. */
const TARGET_MS: Record<ExportFormat, number> = { docx: 2000, pdf: 2000, html: 500, md: 500, akn: 500, 'synopsis-docx': 2000, 'synopsis-pdf': 2000 };

const text = (s: string, marks?: ProseMirrorJSON['marks']): ProseMirrorJSON => ({ type: 'text', text: s, ...(marks ? { marks } : {}) });
const block = (type: string, content: ProseMirrorJSON[], attrs?: Record<string, unknown>): ProseMirrorJSON => ({ type, content, ...(attrs ? { attrs } : {}) });
const WHO = { userId: 'u1', name: 'Bench Author', organisation: 'Bench Org', color: '#1f6feb', at: '2026-03-01T10:00:00.000Z' };

/** A 2,000-entry draft in the control-list shape: 10 categories × 5 groups × 40 entries. */
function generatedDraft(redlineChanges: number): ProseMirrorJSON {
  const content: ProseMirrorJSON[] = [];
  let entries = 0;
  let changes = 0;
  for (let c = 0; c < 10; c++) {
    content.push(block(CL.category, [text(`Category ${c} – Generated`)]));
    for (const g of ['A', 'B', 'C', 'D', 'E']) {
      content.push(block(CL.group, [text(`${g}. Generated group`)]));
      for (let n = 1; n <= 40; n++) {
        entries++;
        const changed = changes < redlineChanges && entries % 2 === 0;
        const heading = changed
          ? [text('Systems specially designed for the '), text('interception', [{ type: 'redlineDelete', attrs: { ...WHO, changeId: `d${entries}` } }]), text('"monitoring"', [{ type: 'redlineInsert', attrs: { ...WHO, changeId: `i${entries}` } }]), text(' of "intrusion software", having any of the following:')]
          : [text('Systems specially designed for the interception of "intrusion software", having any of the following:')];
        if (changed) changes += 2;
        content.push(
          block(CL.entry, [
            block(CL.identifier, [text(`${c}.${g}.${n}.`)]),
            block(CL.heading, heading),
            block(CL.subItem, [block(CL.text, [text('Extraction of data or information from a computer or network-capable device; or')])], { label: 'a' }),
            block(CL.subItem, [block(CL.text, [text('Modification of the standard execution path of a program or process.')])], { label: 'b' }),
            block(CL.note, [block(CL.text, [text('This entry does not apply to systems limited to authorised updates.')])], { kind: 'note', number: null }),
          ]),
        );
      }
    }
  }
  return { type: 'doc', content };
}

async function measure(format: ExportFormat, json: ProseMirrorJSON, comparison: string | undefined): Promise<string> {
  const meta = { title: 'Bench draft', versionLabel: 'Live draft', comparisonLabel: comparison, date: new Date().toISOString(), draftId: 'AAAAAAAAAAAAAAAAAAAAAA' };
  await exportDocument(format, json, meta); // warm-up (fonts, module init)
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const { body } = await exportDocument(format, json, meta);
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  // CPU time of the process (all its threads, GC included): on a shared, loaded machine wall time
  // mostly measures the other processes; CPU time is what the export itself costs.
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const heapDelta = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
  const peakRss = process.resourceUsage().maxRSS / 1024;
  const ok = ms <= TARGET_MS[format] ? 'yes' : '**no**';
  return `| ${comparison ? 'redline, 1,000 changes' : '2,000 entries'} | ${format} | ${ms.toFixed(0)} | ${cpuMs.toFixed(0)} | ${TARGET_MS[format]} | ${ok} | ${(body.byteLength / 1e6).toFixed(2)} | ${heapDelta.toFixed(0)} | ${peakRss.toFixed(0)} |`;
}

/**
 * Export time and memory for a generated 2,000-entry draft in every format, and for a redline with
 * 1,000 changes (DOCX, PDF, HTML and the synopses). Returns a Markdown table (bench/run.ts prints it).
 * Peak RSS is the process's high-water mark so far (it never goes down), so read it row by row.
 */
export async function benchExport(): Promise<string> {
  const rows: string[] = [];
  const draft = generatedDraft(0);
  for (const format of EXPORT_FORMATS) if (!format.startsWith('synopsis')) rows.push(await measure(format, draft, undefined));
  const redline = generatedDraft(1000);
  for (const format of ['docx', 'pdf', 'html', 'synopsis-docx', 'synopsis-pdf'] as const) rows.push(await measure(format, redline, 'Changes from Baseline to Live draft'));
  return [
    '### Exports (server/exports)',
    '',
    '| document | format | time (ms) | CPU (ms) | target (ms) | within | output (MB) | heap growth (MB) | peak RSS so far (MB) |',
    '|---|---|---:|---:|---:|---|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

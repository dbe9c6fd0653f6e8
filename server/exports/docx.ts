import {
  AlignmentType,
  Document,
  Footer,
  Header,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  TextRun,
  type ILevelsOptions,
  type IParagraphStyleOptions,
  type ISectionOptions,
  type NumberingDefinition,
} from 'docx';
import { DocxRunWriter } from './docx-runs.ts';
import { flatten, type Line } from './flatten.ts';
import { boldRuns, PLAIN_STYLE, plainRun, type ContainerRole, type ExportDocument, type Run } from './model.ts';

/** Word paragraph styles of a draft; delegations restyle the document by changing these. */
export const DOCX_STYLES = {
  entry: 'PlenaryEntry',
  subItem: 'PlenarySubItem',
  note: 'PlenaryNote',
  definition: 'PlenaryDefinition',
  quote: 'PlenaryQuote',
  body: 'PlenaryBody',
  meta: 'PlenaryMeta',
} as const;

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6] as const;

/**
 * The draft as a Word document: real styles (Title, Heading 1–3, and our own for entries,
 * sub-items, notes, definitions and quotes), Word numbering for lists counting as in the draft,
 * document properties (title, version, date, content hash), a running header and page numbers.
 * A redline's changes are tracked changes (docx-runs.ts).
 */
export async function renderDocx(doc: ExportDocument): Promise<Buffer> {
  return Packer.toBuffer(buildDocx(doc, [{ children: bodyParagraphs(doc, new DocxRunWriter()) }]));
}

/** The Document around sections' content: styles, numbering, properties, header and footer. */
export function buildDocx(doc: ExportDocument, sections: Array<Pick<ISectionOptions, 'children' | 'properties'>>, numbering: NumberingDefinition[] = []): Document {
  const { meta } = doc;
  const label = meta.comparisonLabel ?? meta.versionLabel;
  return new Document({
    title: meta.title,
    subject: label,
    creator: 'Plenary',
    description: `${label}. Content hash (SHA-256 of the canonical text): ${meta.contentHash}`,
    keywords: `content-hash:${meta.contentHash}`,
    customProperties: [
      { name: 'Version', value: meta.versionLabel },
      { name: 'Content date', value: meta.date },
      { name: 'Content hash', value: meta.contentHash },
      ...(meta.comparisonLabel ? [{ name: 'Comparison', value: meta.comparisonLabel }] : []),
    ],
    styles: { default: { document: { run: { font: 'Calibri', size: 22 } } }, paragraphStyles: PARAGRAPH_STYLES },
    numbering: { config: numbering },
    sections: sections.map((s) => ({
      ...s,
      headers: { default: new Header({ children: [new Paragraph({ style: DOCX_STYLES.meta, children: [new TextRun(`${meta.title} — ${label}`)] })] }) },
      footers: {
        default: new Footer({
          children: [
            new Paragraph({
              style: DOCX_STYLES.meta,
              alignment: AlignmentType.CENTER,
              children: [new TextRun({ children: ['Page ', PageNumber.CURRENT, ' of ', PageNumber.TOTAL_PAGES] }), new TextRun({ text: `SHA-256 ${meta.contentHash}`, break: 1 })],
            }),
          ],
        }),
      },
    })),
  });
}

/** Title, version line and the draft's blocks as Word paragraphs (lists carry their own numbering). */
export function bodyParagraphs(doc: ExportDocument, writer: DocxRunWriter): Paragraph[] {
  const { meta } = doc;
  const paragraphs = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(meta.title)] }),
    new Paragraph({ style: DOCX_STYLES.meta, children: [new TextRun(`${meta.comparisonLabel ?? meta.versionLabel} · ${meta.date.slice(0, 10)}`)] }),
  ];
  for (const line of flatten(doc.blocks)) paragraphs.push(lineParagraph(line, writer));
  return paragraphs;
}

/** One line as a Word paragraph in its style. */
export function lineParagraph(line: Line, writer: DocxRunWriter): Paragraph {
  const children = writer.runs(line.runs);
  const indent = line.depth > 0 && line.kind !== 'listItem' ? { indent: { left: 360 * line.depth } } : {};
  switch (line.kind) {
    case 'heading':
      return new Paragraph({ heading: HEADINGS[Math.min(5, line.level - 1)] ?? HeadingLevel.HEADING_1, children });
    case 'listItem': {
      const list = line.list;
      if (!list) return new Paragraph({ style: DOCX_STYLES.body, children });
      return new Paragraph({
        style: line.quoted ? DOCX_STYLES.quote : undefined,
        numbering: { reference: listDefinition(list.ordered, list.start, list.id), level: Math.min(8, line.depth) },
        children,
      });
    }
    case 'containerHeading': {
      const num = line.label.length ? writer.runs(withTab(boldRuns(line.label))) : [];
      return new Paragraph({ style: containerStyle(line.role), ...indent, children: [...num, ...children] });
    }
    case 'paragraph':
      return new Paragraph({ style: line.quoted ? DOCX_STYLES.quote : roleStyle(line.role), ...indent, children });
  }
}

/** The identifier then a tab to the text column; the tab joins the last run (one Word run per label, as long drafts have thousands). */
function withTab(runs: Run[]): Run[] {
  const last = runs[runs.length - 1];
  return last?.kind === 'text' ? [...runs.slice(0, -1), { ...last, text: `${last.text}\t` }] : [...runs, { ...plainRun('\t'), style: { ...PLAIN_STYLE, bold: true } }];
}

function containerStyle(role: ContainerRole | undefined): string {
  switch (role) {
    case 'subItem':
      return DOCX_STYLES.subItem;
    case 'note':
    case 'technicalNote':
    case 'nb':
      return DOCX_STYLES.note;
    case 'definition':
      return DOCX_STYLES.definition;
    default:
      return DOCX_STYLES.entry;
  }
}

function roleStyle(role: ContainerRole | undefined): string {
  return role === 'note' || role === 'technicalNote' || role === 'nb' ? DOCX_STYLES.note : role === 'definition' ? DOCX_STYLES.definition : DOCX_STYLES.body;
}

/**
 * A numbering definition per list, given inline on its paragraphs (docx adds each once), so every
 * list counts from its own start as in the draft and nested lists number independently.
 */
function listDefinition(ordered: boolean, start: number, id: number): NumberingDefinition {
  const levels: ILevelsOptions[] = Array.from({ length: 9 }, (_, level) => ({
    level,
    format: ordered ? LevelFormat.DECIMAL : LevelFormat.BULLET,
    text: ordered ? `%${level + 1}.` : '•',
    start: ordered ? start : 1,
    alignment: AlignmentType.LEFT,
    style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
  }));
  return { reference: `list-${id}`, levels };
}

const PARAGRAPH_STYLES: IParagraphStyleOptions[] = [
  { id: DOCX_STYLES.body, name: 'Plenary Body', basedOn: 'Normal', quickFormat: true, paragraph: { spacing: { after: 120, line: 300 } } },
  { id: DOCX_STYLES.meta, name: 'Plenary Version Line', basedOn: 'Normal', run: { size: 18, color: '555555' } },
  { id: DOCX_STYLES.entry, name: 'Plenary Entry', basedOn: 'Normal', next: DOCX_STYLES.body, quickFormat: true, paragraph: { spacing: { before: 240, after: 120 }, indent: { left: 1440, hanging: 1440 } }, run: { bold: true } },
  { id: DOCX_STYLES.subItem, name: 'Plenary Sub-item', basedOn: 'Normal', quickFormat: true, paragraph: { indent: { left: 1080, hanging: 360 }, spacing: { after: 80 } } },
  { id: DOCX_STYLES.note, name: 'Plenary Note', basedOn: 'Normal', quickFormat: true, paragraph: { indent: { left: 720 }, spacing: { after: 120 } }, run: { size: 20 } },
  { id: DOCX_STYLES.definition, name: 'Plenary Definition', basedOn: 'Normal', quickFormat: true, paragraph: { spacing: { after: 120 } } },
  { id: DOCX_STYLES.quote, name: 'Plenary Quote', basedOn: 'Normal', quickFormat: true, paragraph: { indent: { left: 720 }, spacing: { after: 120 } }, run: { italics: true, color: '333333' } },
];

import { definedTerms, definitionTerm, splitAtTerms, type DefinedTerms } from './akn-terms.ts';
import type { Block, ContainerRole, ExportDocument, Run } from './model.ts';
import { termKey } from '../../shared/domain/scan.ts';

const AKN_NS = 'http://docs.oasis-open.org/legaldocml/ns/akn/3.0';

/**
 * Akoma Ntoso 3.0 (OASIS LegalDocML): a `doc name="proposal"` whose body follows the mapping of
 * handbook/domain.md §4 — category → chapter, group → section, entry and sub-item → point with
 * num and heading, notes → hcontainer name="note|technicalNote|nb", definitions → point; the
 * editor's headings open hcontainer name="division" levels. Redline changes are ins / del. Defined
 * terms are TLCTerms with def at their definition and term at their uses (akn-terms.ts).
 * Valid against ../shared/schemas/akn/akomantoso30.xsd (checked by the export tests with xmllint).
 */
export function renderAkn(doc: ExportDocument): string {
  const ctx: AknContext = { ids: new IdMaker(), terms: definedTerms(doc.blocks) };
  const { meta } = doc;
  const date = meta.date.slice(0, 10);
  const work = `/akn/int/doc/proposal/${meta.draftId}`;
  const expression = `${work}/eng@${date}`;
  const body = hierarchy(doc.blocks, ctx);
  return `<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="${AKN_NS}">
<doc name="proposal">
<meta>
<identification source="#plenary">
<FRBRWork><FRBRthis value="${attr(work)}/!main"/><FRBRuri value="${attr(work)}"/><FRBRdate date="${attr(date)}" name="generation"/><FRBRauthor href="#plenary"/><FRBRcountry value="int"/></FRBRWork>
<FRBRExpression><FRBRthis value="${attr(expression)}/!main"/><FRBRuri value="${attr(expression)}"/><FRBRdate date="${attr(date)}" name="generation"/><FRBRauthor href="#plenary"/><FRBRlanguage language="eng"/></FRBRExpression>
<FRBRManifestation><FRBRthis value="${attr(expression)}/!main.xml"/><FRBRuri value="${attr(expression)}.akn"/><FRBRdate date="${attr(new Date().toISOString().slice(0, 10))}" name="generation"/><FRBRauthor href="#plenary"/></FRBRManifestation>
</identification>
<references source="#plenary"><TLCOrganization eId="plenary" href="/ontology/organization/plenary" showAs="Plenary"/>${termReferences(ctx.terms)}</references>
<proprietary source="#plenary"><plenary:export xmlns:plenary="urn:plenary:export" version="${attr(meta.versionLabel)}" contentHash="${attr(meta.contentHash)}"${meta.comparisonLabel ? ` comparison="${attr(meta.comparisonLabel)}"` : ''}/></proprietary>
</meta>
<preface><p class="title"><docTitle>${text(meta.title)}</docTitle></p><p class="version">${text(meta.comparisonLabel ?? meta.versionLabel)}</p></preface>
<mainBody>
${body.length ? body : '<p/>'}
</mainBody>
</doc>
</akomaNtoso>
`;
}

type Section = { heading: Block & { kind: 'heading' }; blocks: Block[]; children: Section[] };

/**
 * Top-level blocks with the editor's headings turned into nested divisions: a heading owns the
 * blocks after it up to the next heading of the same or a higher level.
 */
function hierarchy(blocks: readonly Block[], ctx: AknContext): string {
  const root: Section[] = [];
  const loose: Block[] = [];
  const stack: Section[] = [];
  for (const block of blocks) {
    if (block.kind === 'heading') {
      while (stack.length && (stack[stack.length - 1]?.heading.level ?? 0) >= block.level) stack.pop();
      const section: Section = { heading: block, blocks: [], children: [] };
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(section);
      else root.push(section);
      stack.push(section);
    } else {
      const parent = stack[stack.length - 1];
      if (parent) parent.blocks.push(block);
      else loose.push(block);
    }
  }
  return [...loose.map((b) => bodyItem(b, ctx)), ...root.map((s) => sectionXml(s, ctx))].join('\n');
}

function sectionXml(section: Section, ctx: AknContext): string {
  const kind = section.heading.section;
  const element = kind === 'category' ? 'chapter' : kind === 'group' ? 'section' : 'hcontainer';
  const name = element !== 'hcontainer' ? '' : ` name="${kind === 'definitions' ? 'definitions' : 'division'}"`;
  const eId = ctx.ids.next(element === 'hcontainer' ? 'hcont' : element === 'chapter' ? 'chp' : 'sec');
  const heading = `<heading>${inline(section.heading.runs, ctx)}</heading>`;
  const children = [...section.blocks.filter(isContainer).map((b) => bodyItem(b, ctx)), ...section.children.map((s) => sectionXml(s, ctx))];
  const plain = section.blocks.filter((b) => !isContainer(b));
  const intro = plain.length ? `<intro>${plain.map((b) => blockXml(b, ctx)).join('')}</intro>` : '';
  return `<${element}${name} eId="${eId}"${changeClass(section.heading)}>${heading}${intro}${children.join('\n')}</${element}>`;
}

const isContainer = (b: Block): b is Extract<Block, { kind: 'container' }> => b.kind === 'container';

/** A block directly in mainBody (which takes blocks and hierarchical elements alike). */
function bodyItem(block: Block, ctx: AknContext): string {
  return isContainer(block) ? containerXml(block, ctx) : blockXml(block, ctx);
}

const ROLE_ELEMENT: Record<ContainerRole, { element: string; name?: string }> = {
  category: { element: 'chapter' },
  group: { element: 'section' },
  entry: { element: 'point' },
  subItem: { element: 'point' },
  definition: { element: 'point' },
  note: { element: 'hcontainer', name: 'note' },
  technicalNote: { element: 'hcontainer', name: 'technicalNote' },
  nb: { element: 'hcontainer', name: 'nb' },
  rationale: { element: 'hcontainer', name: 'rationale' },
  generic: { element: 'hcontainer', name: 'container' },
};

function containerXml(block: Extract<Block, { kind: 'container' }>, ctx: AknContext): string {
  const { element, name } = ROLE_ELEMENT[block.role];
  const eId = ctx.ids.next(element === 'hcontainer' ? 'hcont' : element);
  const num = block.num.length ? `<num>${inline(block.num, ctx)}</num>` : '';
  const defines = block.role === 'definition' ? termKey(definitionTerm(block.heading)) : undefined;
  const heading = block.heading.length ? `<heading>${inline(block.heading, ctx, defines)}</heading>` : '';
  const children = block.blocks.filter(isContainer);
  const plain = block.blocks.filter((b) => !isContainer(b));
  let inner: string;
  if (children.length === 0) inner = `<content>${plain.length ? plain.map((b) => blockXml(b, ctx)).join('') : '<p/>'}</content>`;
  else {
    // A hierarchy holds either content or intro + children: loose blocks go to the intro.
    inner = `${plain.length ? `<intro>${plain.map((b) => blockXml(b, ctx)).join('')}</intro>` : ''}${children.map((c) => containerXml(c, ctx)).join('')}`;
  }
  return `<${element}${name ? ` name="${name}"` : ''} eId="${eId}"${changeClass(block)}>${num}${heading}${inner}</${element}>`;
}

/** A block where AKN expects block elements (content, intro, item). */
function blockXml(block: Block, ctx: AknContext): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p${changeClass(block)}>${inline(block.runs, ctx)}</p>`;
    case 'heading':
      // Only inside containers (a heading in a note): a styled paragraph keeps its text and rank.
      return `<p class="heading${block.level}">${inline(block.runs, ctx)}</p>`;
    case 'quote':
      return `<blockContainer eId="${ctx.ids.next('blockcontainer')}" class="quote">${block.blocks.map((b) => blockXml(b, ctx)).join('') || '<p/>'}</blockContainer>`;
    case 'list': {
      const listId = ctx.ids.next('list');
      const items = block.items
        .map((item, i) => `<item eId="${listId}__item_${i + 1}"${item.change ? ` class="${item.change}"` : ''}><num>${text(item.label)}</num>${item.blocks.map((b) => blockXml(b, ctx)).join('') || '<p/>'}</item>`)
        .join('');
      return `<blockList eId="${listId}"${changeClass(block)}>${items}</blockList>`;
    }
    case 'container':
      // A structural container nested inside a list or quote: keep it as a block with its num.
      return `<blockContainer eId="${ctx.ids.next('blockcontainer')}" class="${block.role}">${block.num.length ? `<num>${inline(block.num, ctx)}</num>` : ''}${block.heading.length ? `<p>${inline(block.heading, ctx)}</p>` : ''}${block.blocks.map((b) => blockXml(b, ctx)).join('') || '<p/>'}</blockContainer>`;
  }
}

/**
 * Runs as AKN inline markup. Quoted uses of a defined term become `<term refersTo>`; in a
 * definition's first line (`defines` is its term's key) the first one is the `<def>` instead.
 */
function inline(runs: readonly Run[], ctx: AknContext, defines?: string): string {
  const defining = defines ? { key: defines, done: false } : undefined;
  return runs
    .map((run) => {
      if (run.kind === 'break') return '<eol/>';
      const s = run.style;
      let t = termsXml(run.text, ctx.terms, s.change?.kind === 'delete' ? undefined : defining);
      if (s.bold) t = `<b>${t}</b>`;
      if (s.italic) t = `<i>${t}</i>`;
      if (s.underline) t = `<u>${t}</u>`;
      if (s.strike) t = `<span class="strike">${t}</span>`;
      if (s.link) t = `<a href="${attr(s.link)}">${t}</a>`;
      const c = s.change;
      if (c) {
        const title = attr(`${c.author}${c.organisation ? ` (${c.organisation})` : ''}, ${c.at}`);
        if (c.kind === 'insert') t = `<ins title="${title}">${t}</ins>`;
        else if (c.kind === 'delete') t = `<del title="${title}">${t}</del>`;
        else t = `<span class="formatChange" title="${title}">${t}</span>`;
      }
      return t;
    })
    .join('');
}

/** Escaped text with its defined terms marked. */
function termsXml(raw: string, terms: DefinedTerms, defining: { key: string; done: boolean } | undefined): string {
  return splitAtTerms(raw, terms, defining)
    .map((piece) => {
      if (!piece.term) return text(piece.text);
      const element = piece.defining ? 'def' : 'term';
      return `<${element} refersTo="#${attr(piece.term.eId)}">${text(piece.text)}</${element}>`;
    })
    .join('');
}

/** One TLCTerm per defined term, for meta/references. */
function termReferences(terms: DefinedTerms): string {
  return [...terms.values()]
    .map((t) => `<TLCTerm eId="${attr(t.eId)}" href="/akn/ontology/terms/plenary/${attr(encodeURIComponent(t.eId.slice('term_'.length)))}" showAs="${attr(t.showAs)}"/>`)
    .join('');
}

interface AknContext {
  ids: IdMaker;
  terms: DefinedTerms;
}

const changeClass = (b: { change: string | undefined }): string => (b.change ? ` class="${b.change}"` : '');

/** Unique eIds in document order: `point_3`, `list_2__item_1`. */
class IdMaker {
  private readonly counts = new Map<string, number>();
  next(prefix: string): string {
    const n = (this.counts.get(prefix) ?? 0) + 1;
    this.counts.set(prefix, n);
    return `${prefix}_${n}`;
  }
}

/** XML text: escaped, and stripped of characters XML 1.0 cannot hold at all. */
function text(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
const attr = (s: string): string => text(s).replace(/"/g, '&quot;');

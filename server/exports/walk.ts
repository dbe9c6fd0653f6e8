import type { ProseMirrorJSON } from '../../shared/schema/canonical-text.ts';
import { isSafeHref } from '../../shared/schema/link-policy.ts';
import type { BlockChange } from '../../shared/schema/redline.ts';
import type { Block, ListItem, Run, RunChange, RunStyle } from './model.ts';
import { PLAIN_STYLE, plainRun } from './model.ts';
import { MARK_RENDERINGS, NODE_RENDERINGS, type NodeRendering } from './node-table.ts';

export interface WalkResult {
  blocks: Block[];
  /** Node and mark types met that node-table.ts does not know (rendered by a fallback, not lost). */
  unknownTypes: string[];
  isRedline: boolean;
}

/**
 * Walks a document's ProseMirror JSON into export blocks (model.ts). Total: a node type missing
 * from the table still renders (as a paragraph of its text, or a generic container of its
 * children) and is reported, so an export never drops text; the schema test keeps the table full.
 */
export function walkDocument(doc: ProseMirrorJSON): WalkResult {
  const unknown = new Set<string>();
  let isRedline = false;

  const renderingOf = (node: ProseMirrorJSON): NodeRendering => {
    const known = NODE_RENDERINGS[node.type];
    if (known) return known;
    unknown.add(node.type);
    const children = node.content ?? [];
    return children.length > 0 && children.every((c) => c.type === 'text' || NODE_RENDERINGS[c.type]?.as === 'break')
      ? { as: 'paragraph' }
      : { as: 'container', role: () => 'generic', num: () => undefined, numChild: undefined, headingChildren: [] };
  };

  const blockChangeOf = (node: ProseMirrorJSON): BlockChange | undefined => {
    const value = node.attrs?.blockChange;
    if (value === 'inserted' || value === 'deleted') {
      isRedline = true;
      return value;
    }
    return undefined;
  };

  const runsOf = (nodes: readonly ProseMirrorJSON[]): Run[] => {
    const runs: Run[] = [];
    for (const node of nodes) {
      const style = styleOf(node, unknown);
      if (style.change) isRedline = true;
      const rendering = NODE_RENDERINGS[node.type];
      if (rendering?.as === 'break') runs.push({ kind: 'break', style });
      else if (typeof node.text === 'string') runs.push({ kind: 'text', text: node.text, style });
      else {
        // An inline node we do not know: keep whatever text it holds.
        unknown.add(node.type);
        runs.push(...runsOf(node.content ?? []));
      }
    }
    return runs;
  };

  const blocksOf = (nodes: readonly ProseMirrorJSON[]): Block[] => nodes.flatMap((n) => blockOf(n));

  const blockOf = (node: ProseMirrorJSON): Block[] => {
    const rendering = renderingOf(node);
    const change = blockChangeOf(node);
    const children = node.content ?? [];
    switch (rendering.as) {
      case 'document':
        return blocksOf(children);
      case 'paragraph':
        return [{ kind: 'paragraph', runs: runsOf(children), change }];
      case 'heading': {
        const level = rendering.level ?? (typeof node.attrs?.level === 'number' ? Math.min(6, Math.max(1, node.attrs.level)) : 1);
        return [{ kind: 'heading', level, ...(rendering.section ? { section: rendering.section } : {}), runs: runsOf(children), change }];
      }
      case 'list': {
        const start = rendering.ordered && typeof node.attrs?.start === 'number' ? node.attrs.start : 1;
        const items: ListItem[] = children.map((item, i) => ({
          label: rendering.ordered ? `${start + i}.` : '•',
          blocks: renderingOf(item).as === 'listItem' ? blocksOf(item.content ?? []) : blockOf(item),
          change: blockChangeOf(item),
        }));
        return [{ kind: 'list', ordered: rendering.ordered, start, items, change }];
      }
      case 'listItem':
        // Outside a list (invalid, but never lose text): its blocks stand on their own.
        return blocksOf(children);
      case 'quote':
        return [{ kind: 'quote', blocks: blocksOf(children), change }];
      case 'text':
      case 'break':
        // Inline content directly in a block container (invalid): wrap it in a paragraph.
        return [{ kind: 'paragraph', runs: runsOf([node]), change }];
      case 'container': {
        // Only the first child of a heading type is the heading; later ones stay blocks.
        const headingNode = children.find((c) => rendering.headingChildren.includes(c.type));
        const numNode = rendering.numChild ? children.find((c) => c.type === rendering.numChild) : undefined;
        const rest = children.filter((c) => c !== headingNode && c !== numNode);
        const numRuns = numNode ? trimRuns(runsOf(numNode.content ?? [])) : [];
        const attrNum = rendering.num(node);
        const num = numRuns.length > 0 ? numRuns : attrNum ? [plainRun(attrNum)] : [];
        return [
          {
            kind: 'container',
            role: rendering.role(node),
            num,
            heading: headingNode ? runsOf(headingNode.content ?? []) : [],
            blocks: blocksOf(rest),
            change,
          },
        ];
      }
    }
  };

  const blocks = blocksOf([doc]);
  return { blocks, unknownTypes: [...unknown].sort(), isRedline };
}

function styleOf(node: ProseMirrorJSON, unknown: Set<string>): RunStyle {
  const style: RunStyle = { ...PLAIN_STYLE };
  for (const mark of node.marks ?? []) {
    const rendering = MARK_RENDERINGS[mark.type];
    switch (rendering) {
      case 'bold':
      case 'italic':
      case 'underline':
      case 'strike':
        style[rendering] = true;
        break;
      case 'link': {
        const href = mark.attrs?.href;
        // The editor refuses unsafe links, but content can arrive straight through Yjs.
        if (typeof href === 'string' && isSafeHref(href)) style.link = href.trim();
        break;
      }
      case 'insert':
      case 'delete':
      case 'format':
        style.change = changeOf(rendering, mark.attrs ?? {});
        break;
      case undefined:
        unknown.add(mark.type);
        break;
    }
  }
  return style;
}

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function changeOf(kind: RunChange['kind'], attrs: Record<string, unknown>): RunChange {
  return {
    kind,
    changeId: str(attrs.changeId),
    author: str(attrs.name, 'Unknown author'),
    organisation: str(attrs.organisation),
    color: /^#[0-9a-fA-F]{6}$/.test(str(attrs.color)) ? str(attrs.color) : '#555555',
    at: str(attrs.at),
    added: strings(attrs.added),
    removed: strings(attrs.removed),
  };
}

/** Runs without the whitespace around them (an identifier as typed, " 4.A.5. " → "4.A.5."). */
function trimRuns(runs: readonly Run[]): Run[] {
  const out = runs.map((r) => ({ ...r }));
  const first = out[0];
  if (first?.kind === 'text') first.text = first.text.trimStart();
  const last = out[out.length - 1];
  if (last?.kind === 'text') last.text = last.text.trimEnd();
  return out.filter((r) => r.kind === 'break' || r.text.length > 0);
}

/** The plain text of runs (breaks as newlines). */
export function runsText(runs: readonly Run[]): string {
  return runs.map((r) => (r.kind === 'text' ? r.text : '\n')).join('');
}

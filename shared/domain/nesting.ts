/**
 * Decides where a sub-item line goes in a tree of sub-items, for the text parser. Plain text
 * rarely shows nesting reliably, so two signals are combined: indentation where lines differ in
 * it, and otherwise the alternation of label kinds (a letter list's children are numbered).
 */
import type { SubItem } from './model.ts';
import { labelPosition, type LabelKind } from './labels.ts';

interface Level {
  kind: LabelKind;
  indent: number;
  items: SubItem[];
}

/** A growing tree of sub-items under one owner (an entry, a definition or a note). */
export class ListBuilder {
  private readonly stack: Level[] = [];

  constructor(private readonly root: SubItem[]) {}

  /**
   * Adds `item` (whose label is already set) at the place its label and indentation suggest.
   * `explicit` is a full path such as ['b', '1'] written out on the line ("b.1. text"); then the
   * path decides and the parent is looked up by label.
   */
  add(item: SubItem, indent: number, explicit?: readonly string[]): void {
    const kind = labelPosition(item.label)?.kind ?? 'letter';
    if (explicit && explicit.length > 1) return this.addAt(item, indent, kind, explicit);
    const top = this.stack.at(-1);
    if (!top) return this.push(this.root, item, kind, indent);
    let dedented = false;
    while (this.stack.length > 1 && indent < (this.stack.at(-1)?.indent ?? 0)) {
      this.stack.pop();
      dedented = true;
    }
    const level = this.stack.at(-1) ?? top;
    const last = level.items.at(-1);
    if (!dedented && last && indent > level.indent + 1) return this.push(last.children, item, kind, indent);
    if (dedented || kind === level.kind || !last) return void level.items.push(item);
    // Same indentation, other kind: a fresh list ("a." or "1.") opens under the last item;
    // otherwise the item continues a shallower list of its kind ("c." after "b.2.").
    const lower = this.lowerLevelOf(kind);
    if (labelPosition(item.label)?.index === 0 || lower < 0) return this.push(last.children, item, kind, indent);
    this.stack.length = lower + 1;
    this.stack[lower]?.items.push(item);
  }

  private lowerLevelOf(kind: LabelKind): number {
    for (let i = this.stack.length - 2; i >= 0; i--) if (this.stack[i]?.kind === kind) return i;
    return -1;
  }

  private push(list: SubItem[], item: SubItem, kind: LabelKind, indent: number): void {
    list.push(item);
    this.stack.push({ kind, indent, items: list });
  }

  private addAt(item: SubItem, indent: number, kind: LabelKind, path: readonly string[]): void {
    const levels: Level[] = [];
    let list = this.root;
    for (const label of path.slice(0, -1)) {
      const parent = list.find((i) => i.label === label);
      if (!parent) break;
      levels.push({ kind: labelPosition(label)?.kind ?? 'letter', indent, items: list });
      list = parent.children;
    }
    list.push(item);
    levels.push({ kind, indent, items: list });
    this.stack.length = 0;
    this.stack.push(...levels);
  }
}

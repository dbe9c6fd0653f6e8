import { hasStructure, parseText, type ControlListDoc } from '../../shared/domain/index.ts';
import { toProseMirror, type PMJSON } from '../../shared/domain/to-prosemirror.ts';
import { fileToText, UnreadableFile } from './file-to-text.ts';

/** A file read and recognised: the editor document to start a draft with, and what was found. */
export interface ImportResult {
  text: string;
  model: ControlListDoc;
  json: PMJSON;
  entries: number;
  definitions: number;
}

/**
 * Reads an uploaded file and recognises its control-list structure with the same parser the CLI
 * and paste use. A text with no entries and no definitions is refused: a draft made of it would
 * look imported while being plain prose.
 */
export async function buildImport(filename: string, bytes: Uint8Array): Promise<ImportResult> {
  const text = await fileToText(filename, bytes);
  const model = parseText(text);
  if (!hasStructure(model)) {
    throw new UnreadableFile(
      `No control-list structure was found in "${filename}": no entry identifiers (such as 4.A.5. or 4A005) and no definitions ("Term" (4) means …).`,
    );
  }
  const json = toProseMirror(model, { lines: text.split(/\r\n|\r|\n/) });
  const entries = model.categories.reduce((n, c) => n + c.groups.reduce((m, g) => m + g.entries.length, 0), 0);
  return { text, model, json, entries, definitions: model.definitions.length };
}

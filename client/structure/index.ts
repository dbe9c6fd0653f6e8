import type { AnyExtension } from '@tiptap/core';
import { StructureCommands } from './commands.ts';
import { LiveChecks } from './live-checks.ts';
import { StructureNormalise } from './normalise-plugin.ts';
import { StructurePaste } from './paste.ts';
import { TermHover } from './term-hover.ts';
import './structure.css';

/** What the editor adds for control-list structure: commands and keys, numbering, live checks, term hover, paste. */
export function structureExtensions(): AnyExtension[] {
  return [StructureCommands, StructureNormalise, LiveChecks, TermHover, StructurePaste];
}

/**
 * The control-list domain layer: the neutral document model, identifiers and labels, the text
 * parser and the live checks. Pure TypeScript, no DOM and no Node, so the client, the server and
 * workers can all import it. Import from here rather than from the modules inside.
 */
export type {
  Category,
  Check,
  CheckContext,
  CheckId,
  ControlListDoc,
  Convention,
  Definition,
  Entry,
  Group,
  NoteBlock,
  NoteKind,
  Problem,
  SourceRef,
  SubItem,
  TextRun,
} from './model.ts';
export { CHECK_IDS, hasStructure } from './model.ts';

export type { ControlId, IdentifierIssue, ParsedIdentifier } from './identifiers.ts';
export { compareControlIds, convertIdentifier, formatIdentifier, idKey, parseIdentifier } from './identifiers.ts';
export type { LabelKind, LabelPosition, PathFault } from './labels.ts';
export { checkLabelPath, compareLabels, kindAtDepth, labelForIndex, labelPosition } from './labels.ts';
export { findCrossRefs, findDoubleQuoted, findLocalRefs, findSingleQuoted, termKey } from './scan.ts';

export type { ParseOptions } from './parse-text.ts';
export { parseText } from './parse-text.ts';

export { runChecks } from './run-checks.ts';
export type { Checker, CheckerStats } from './checker.ts';
export { createChecker } from './checker.ts';
export { checkIdentifier } from './checks/identifier.ts';
export { checkDuplicate } from './checks/duplicate.ts';
export { checkOrder } from './checks/order.ts';
export { checkCrossref } from './checks/crossref.ts';
export { checkUndefinedTerm } from './checks/undefined-term.ts';
export { checkUnusedDefinition } from './checks/unused-definition.ts';
export { checkDefinitionCategory } from './checks/definition-category.ts';
export { checkLocalTerm } from './checks/local-term.ts';
export { checkConjunction } from './checks/conjunction.ts';

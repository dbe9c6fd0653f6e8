import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import type { DraftId, VersionId } from '../../shared/ids.ts';
import type { ProseMirrorJSON } from '../../shared/schema/canonical-text.ts';
import { DOCUMENT_FRAGMENT } from '../../shared/schema/extensions.ts';
import type { DocRegistry } from '../collab/doc-registry.ts';

/** Content to export, with what the file should say about where it comes from. */
export interface SourcedContent {
  json: ProseMirrorJSON;
  /** "Live draft", or the version's name. */
  label: string;
  /** ISO 8601: the version's time, or now for the live draft. */
  date: string;
}

/** A version as exports need it. */
export interface VersionInfo {
  id: VersionId;
  name: string;
  /** ISO 8601. */
  createdAt: string;
}

/**
 * What exports need from versions (server/versions), kept to a port so exports depend on four
 * functions rather than on how versions are stored. Every lookup is scoped to the draft: a
 * version of another draft is `undefined`, exactly like an unknown one.
 */
export interface VersionsPort {
  find(draftId: DraftId, versionId: VersionId): VersionInfo | undefined;
  content(draftId: DraftId, versionId: VersionId): ProseMirrorJSON | undefined;
  baseline(draftId: DraftId): VersionId | undefined;
  /** A redline (shared/schema/redline.ts) from one version to another version or the live draft. */
  redline(draftId: DraftId, from: VersionId, to: VersionId | 'current'): ProseMirrorJSON | undefined;
}

/** Where exports read content from. */
export interface ContentSource {
  current(draftId: DraftId): SourcedContent;
  version(draftId: DraftId, versionId: VersionId): SourcedContent | undefined;
  redline(draftId: DraftId, from: VersionId, to: VersionId | 'current'): SourcedContent | undefined;
  baseline(draftId: DraftId): VersionId | undefined;
  versionInfo(draftId: DraftId, versionId: VersionId): VersionInfo | undefined;
}

/**
 * The content source over the live documents and (when wired) versions. The live draft is read
 * from its room when it is open (which has every applied update, committed or not) and otherwise
 * from storage into a throwaway Y.Doc, so an export never loads a room it would then leave open,
 * and never changes a document.
 *
 * Versions come through a VersionsPort (server/exports/versions-port.ts adapts the version service).
 */
export function createContentSource(deps: { registry: DocRegistry; versions: VersionsPort | undefined }): ContentSource {
  const { registry, versions } = deps;
  return {
    current(draftId) {
      const json = registry.withDocument(draftId, fragmentJson);
      return { json, label: 'Live draft', date: new Date().toISOString() };
    },
    version(draftId, versionId) {
      const info = versions?.find(draftId, versionId);
      const json = info && versions?.content(draftId, versionId);
      return info && json ? { json, label: info.name, date: info.createdAt } : undefined;
    },
    redline(draftId, from, to) {
      const json = versions?.redline(draftId, from, to);
      if (!json) return undefined;
      const toInfo = to === 'current' ? undefined : versions?.find(draftId, to);
      return { json, label: toInfo?.name ?? 'Live draft', date: toInfo?.createdAt ?? new Date().toISOString() };
    },
    baseline: (draftId) => versions?.baseline(draftId),
    versionInfo: (draftId, versionId) => versions?.find(draftId, versionId),
  };
}

function fragmentJson(doc: Y.Doc): ProseMirrorJSON {
  const json = yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(DOCUMENT_FRAGMENT)) as { content?: unknown };
  // y-tiptap gives { type: 'doc', content }; an empty fragment has no content.
  return { type: 'doc', content: Array.isArray(json.content) ? (json.content as ProseMirrorJSON[]) : [] };
}

import { AuditDetailSchema, auditActionLabel, type AuditDetail, type AuditEntry } from '../../shared/api/audit.ts';
import type { AuditView } from '../storage/audit-repo.ts';
import { toCsv } from './csv.ts';

function detailOf(text: string): AuditDetail {
  try {
    const parsed = AuditDetailSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/**
 * An entry for the API. Addresses are shown to administrators only (`withAddress`): coordinators
 * see who did what and when in their draft, not where their colleagues connect from.
 */
export function presentEntry(v: AuditView, withAddress: boolean): AuditEntry {
  return {
    id: v.id,
    at: v.at,
    draftId: v.draftId,
    actor: v.actorId ? { id: v.actorId, name: v.actorName ?? '(deleted account)', email: v.actorEmail ?? '' } : null,
    action: v.action,
    detail: detailOf(v.detail),
    ...(withAddress ? { address: v.address } : {}),
  };
}

/** The log as CSV (escaped, formula-safe), one row per entry, oldest first. */
export function auditCsv(views: AuditView[], withAddress: boolean): string {
  const header = ['Entry', 'Time (UTC)', 'Draft', 'Who', 'Email', 'Action', 'What', 'Details', ...(withAddress ? ['Address'] : []), 'Hash'];
  const rows = views.map((v) => [
    v.id,
    v.at,
    v.draftId ?? '',
    v.actorName ?? '',
    v.actorEmail ?? '',
    v.action,
    auditActionLabel(v.action),
    Object.entries(detailOf(v.detail))
      .map(([k, val]) => `${k}=${String(val)}`)
      .join('; '),
    ...(withAddress ? [v.address] : []),
    v.hash,
  ]);
  return toCsv(header, rows);
}

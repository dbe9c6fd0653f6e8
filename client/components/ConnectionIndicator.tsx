import type { CollabStatus } from '../collab/collab-session.ts';

/** The connection and save state in words (ux.md: never "Saved" before the server acknowledged). */
export function describeStatus(s: CollabStatus): { label: string; tone: 'ok' | 'busy' | 'warn' | 'error' } {
  if (s.ended) return { label: 'Disconnected', tone: 'error' };
  if (s.storageProblem) return { label: 'Server cannot save — changes kept on this device', tone: 'error' };
  if (s.connection !== 'connected') {
    return s.unsaved > 0 || s.connection === 'offline'
      ? { label: 'Offline — changes kept on this device', tone: 'warn' }
      : { label: 'Connecting…', tone: 'busy' };
  }
  if (!s.synced) return { label: 'Syncing…', tone: 'busy' };
  if (s.readOnly) return { label: 'Up to date', tone: 'ok' };
  if (s.unsaved > 0) return { label: 'Saving…', tone: 'busy' };
  return { label: 'Saved', tone: 'ok' };
}

export function ConnectionIndicator({ status }: { status: CollabStatus }) {
  const { label, tone } = describeStatus(status);
  return (
    <p className={`connection connection--${tone}`} role="status" aria-live="polite" data-testid="connection-status">
      <span className="connection__dot" aria-hidden="true" />
      {label}
    </p>
  );
}

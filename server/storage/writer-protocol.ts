/** Messages between the main thread and the update-writer worker (structured-clone data only). */
export interface AppendRow {
  draftId: string;
  userId: string;
  data: Uint8Array;
  createdAt: number;
  /** Client ids this update claims for the first time. */
  newClients: number[];
}

export type WriterRequest =
  | { kind: 'append'; batchId: number; rows: AppendRow[] }
  | { kind: 'compact'; batchId: number; draftId: string; state: Uint8Array }
  | { kind: 'close'; batchId: number };

export type WriterResponse =
  | { batchId: number; ok: true }
  | { batchId: number; ok: false; code: string; message: string };

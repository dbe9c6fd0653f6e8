import type { Page } from 'playwright-core';

/** One update stored in a draft copy this browser keeps: its size, and its bytes read as UTF-8 (text inserts show). */
export interface StoredUpdate {
  bytes: number;
  text: string;
}

/** Every update in the draft copies this browser keeps (IndexedDB `plenary:*`, y-indexeddb's `updates` store). */
export function readLocalCopies(page: Page): Promise<StoredUpdate[]> {
  return page.evaluate(async () => {
    const out: Array<{ bytes: number; text: string }> = [];
    const decoder = new TextDecoder();
    for (const info of await indexedDB.databases()) {
      if (!info.name?.startsWith('plenary:')) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(info.name ?? '');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error ?? new Error('open failed'));
      });
      try {
        const values = await new Promise<unknown[]>((resolve, reject) => {
          const req = db.transaction('updates', 'readonly').objectStore('updates').getAll();
          req.onsuccess = () => resolve(req.result as unknown[]);
          req.onerror = () => reject(req.error ?? new Error('read failed'));
        });
        for (const v of values) if (v instanceof Uint8Array) out.push({ bytes: v.byteLength, text: decoder.decode(v) });
      } finally {
        db.close();
      }
    }
    return out;
  });
}

/**
 * In the page (an init script): opening a draft copy (IndexedDB `plenary:*`) succeeds `delayMs` later than it
 * would, as on a slow disk.
 */
export function slowLocalCopies(delayMs: number): void {
  const open = Object.getOwnPropertyDescriptor(IDBFactory.prototype, 'open')?.value as (this: IDBFactory, name: string, version?: number) => IDBOpenDBRequest;
  IDBFactory.prototype.open = function (this: IDBFactory, name: string, version?: number): IDBOpenDBRequest {
    const request = open.call(this, name, version);
    if (!name.startsWith('plenary:')) return request;
    let handler: IDBOpenDBRequest['onsuccess'] = null;
    Object.defineProperty(request, 'onsuccess', {
      configurable: true,
      get: () => handler,
      set: (h: IDBOpenDBRequest['onsuccess']) => {
        handler = h;
      },
    });
    request.addEventListener('success', (event) => {
      setTimeout(() => {
        handler?.call(request, event);
      }, delayMs);
    });
    return request;
  };
}

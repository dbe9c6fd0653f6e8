import { z } from 'zod';

/** GET /api/health: liveness plus whether storage accepts writes. Holds no draft data. */
export const HealthSchema = z.object({
  ok: z.boolean(),
  storage: z.enum(['ok', 'unavailable']),
  openDrafts: z.number().int(),
  connections: z.number().int(),
});
export type Health = z.infer<typeof HealthSchema>;

import { COLLABORATOR_PALETTE } from '../../../shared/palette.ts';

// The palette as an SQL table (index, colour): its values are fixed hex literals, not input.
const paletteRows = COLLABORATOR_PALETTE.map((c, i) => `(${i}, '${c}')`).join(', ');

/**
 * A colour per member of a draft, so two people in one draft never share one by chance (before,
 * each account had one colour everywhere, from a hash of its id: 1 in 12 pairs collided). Existing
 * members get distinct colours in the order they joined: the n-th gets palette colour n, and only
 * past the 12th do colours repeat (round robin, which is "least used first").
 */
export const memberColorsMigration = {
  name: '0010-member-colors',
  sql: `
  ALTER TABLE members ADD COLUMN color TEXT NOT NULL DEFAULT '';
  WITH palette(i, color) AS (VALUES ${paletteRows}),
  joined AS (
    SELECT rowid AS member, (ROW_NUMBER() OVER (PARTITION BY draft_id ORDER BY added_at, rowid) - 1) % ${COLLABORATOR_PALETTE.length} AS i
    FROM members
  )
  UPDATE members SET color = (SELECT p.color FROM joined j JOIN palette p ON p.i = j.i WHERE j.member = members.rowid);
  `,
};

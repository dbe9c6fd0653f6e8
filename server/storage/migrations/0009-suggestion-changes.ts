/**
 * Suggestions that are not replacements of text: a format change (add or remove a mark) or a
 * join of two blocks, as JSON of shared/api/review.ts SuggestedChangeSchema. NULL for the text
 * suggestions that existed before.
 */
export const suggestionChangesMigration = {
  name: '0009-suggestion-changes',
  sql: `ALTER TABLE review_threads ADD COLUMN change TEXT;`,
};

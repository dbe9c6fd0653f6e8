import { useEffect, useState } from 'react';
import { LIMITS } from '../../shared/limits.ts';

/** The draft's title; coordinators rename it in place (Enter saves, Escape cancels). */
export function DraftTitle({ title, canRename, onRename }: { title: string; canRename: boolean; onRename: (t: string) => Promise<void> }) {
  const [value, setValue] = useState(title);
  const [error, setError] = useState<string>();
  useEffect(() => setValue(title), [title]);
  // A long title is cut with an ellipsis in the top bar; the whole of it shows on hover.
  if (!canRename)
    return (
      <h1 className="draft-title" title={title}>
        {title}
      </h1>
    );

  const commit = async () => {
    const next = value.trim();
    if (next === title) return;
    if (!next) {
      setValue(title);
      return;
    }
    try {
      setError(undefined);
      await onRename(next);
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Could not rename the draft.');
      setValue(title);
    }
  };

  return (
    <h1 className="draft-title">
      <input
        className="draft-title__input"
        aria-label="Draft title"
        title={title}
        value={value}
        maxLength={LIMITS.draftTitleMax}
        onChange={(e) => setValue(e.target.value)}
        onBlur={() => void commit()}
        onKeyDown={(e) => {
          if (e.key === 'Enter') e.currentTarget.blur();
          if (e.key === 'Escape') {
            setValue(title);
            e.currentTarget.blur();
          }
        }}
      />
      {error && (
        <span className="form-error small" role="alert">
          {error}
        </span>
      )}
    </h1>
  );
}

import { memo, useEffect, useRef, useState } from 'react';
import { OPEN_PANEL_EVENT } from '../panels/open-panel.ts';
import type { PanelContext, PanelDefinition } from '../panels/types.ts';

/**
 * One side of the draft page: tabs for the registered panels, collapsible, each opened by its
 * Alt+key shortcut (focus moves into the panel so it is usable from the keyboard).
 */
export function SidePanel({ side, panels, ctx }: { side: 'left' | 'right'; panels: PanelDefinition[]; ctx: PanelContext }) {
  // On narrow windows the outline starts collapsed so the text keeps a readable width.
  const [openId, setOpenId] = useState<string | undefined>(side === 'left' && window.innerWidth < 1280 ? undefined : panels[0]?.id);
  const body = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const panel = panels.find((p) => p.shortcutKey === e.key);
      if (!panel) return;
      e.preventDefault();
      setOpenId(panel.id);
      requestAnimationFrame(() => body.current?.focus({ preventScroll: true }));
    };
    // Opened from elsewhere (the comment shortcut opens Comments); focus stays where the caller puts it.
    const onOpen = (e: Event) => {
      const id = e instanceof CustomEvent ? (e.detail as unknown) : undefined;
      if (panels.some((p) => p.id === id)) setOpenId(id as string);
    };
    window.addEventListener('keydown', onKey);
    document.addEventListener(OPEN_PANEL_EVENT, onOpen);
    return () => {
      window.removeEventListener('keydown', onKey);
      document.removeEventListener(OPEN_PANEL_EVENT, onOpen);
    };
  }, [panels]);

  if (panels.length === 0) return null;
  const open = panels.find((p) => p.id === openId);
  return (
    <aside className={`side-panel side-panel--${side}${open ? '' : ' side-panel--collapsed'}`} aria-label={side === 'left' ? 'Outline' : 'Review and history'}>
      <div className="side-panel__tabs" role="tablist" aria-orientation="horizontal">
        {panels.map((p) => (
          <button
            key={p.id}
            type="button"
            role="tab"
            id={`tab-${p.id}`}
            aria-selected={p.id === openId}
            aria-controls={`panel-${p.id}`}
            className="side-panel__tab"
            title={`${p.label} — Alt+${p.shortcutKey}`}
            onClick={() => setOpenId(p.id === openId ? undefined : p.id)}
          >
            {p.label}
          </button>
        ))}
      </div>
      {open && (
        <div ref={body} className="side-panel__body" role="tabpanel" id={`panel-${open.id}`} aria-labelledby={`tab-${open.id}`} tabIndex={-1}>
          <PanelBody panel={open} ctx={ctx} />
        </div>
      )}
    </aside>
  );
}

/** A panel's content, re-rendered only when the panel or its context changes (not on every page render). */
const PanelBody = memo(function PanelBody({ panel, ctx }: { panel: PanelDefinition; ctx: PanelContext }) {
  return <>{panel.render(ctx)}</>;
});

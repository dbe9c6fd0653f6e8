/** The event a side panel listens for to open one of its panels from elsewhere on the page. */
export const OPEN_PANEL_EVENT = 'plenary:open-panel';

/** Opens (shows) the panel with this id, e.g. Comments when the comment shortcut is pressed. */
export function openPanel(id: string): void {
  document.dispatchEvent(new CustomEvent<string>(OPEN_PANEL_EVENT, { detail: id }));
}

/**
 * Live class overview: every minute while the page is visible, fetches the heatmap's rows again
 * and replaces only the table body, so the teacher keeps their scroll position. It waits while
 * the teacher is working in the table (focus or a text selection inside it) and says when the
 * rows were last updated. Without this script the page still works; it just does not refresh.
 * It also shows the "Print this overview" button, which opens the browser's print dialog.
 */
const INTERVAL_MS = 60_000;

function busy(body: HTMLElement): boolean {
  const active = document.activeElement;
  if (active && body.contains(active)) return true;
  const selection = window.getSelection();
  return Boolean(selection && !selection.isCollapsed && selection.anchorNode && body.contains(selection.anchorNode));
}

async function refresh(body: HTMLElement, status: HTMLElement | null): Promise<void> {
  const url = body.dataset.refresh;
  if (!url || document.hidden || busy(body)) return;
  try {
    const res = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
    if (res.status !== 200) return;
    const html = await res.text();
    if (busy(body)) return;
    body.innerHTML = html;
    if (status) status.textContent = `Updated ${new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`;
  } catch {
    // Offline or the session ended: the table stays as it was; the next tick tries again.
  }
}

const body = document.querySelector<HTMLElement>('tbody[data-refresh]');
if (body) {
  const status = document.querySelector<HTMLElement>('[data-refresh-status]');
  window.setInterval(() => void refresh(body, status), INTERVAL_MS);
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) void refresh(body, status);
  });
}

// Print: the button is shown only when this script runs (the print stylesheet does the rest).
for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-print]')) {
  button.hidden = false;
  button.addEventListener('click', () => window.print());
}

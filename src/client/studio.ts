/**
 * Content studio helpers: picks the file kind from the file's name, and says at once when a file
 * is over the size limit (the server refuses it anyway; this saves a wasted upload).
 */
function setup(): void {
  const input = document.querySelector<HTMLInputElement>('[data-testid="file"]');
  const note = document.getElementById('file-note');
  if (!input || !note) return;
  const max = Number(input.dataset.maxBytes ?? '0');
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (!file) { note.textContent = ''; return; }
    const kind = /\.xml$/i.test(file.name) ? 'moodle-xml' : 'gift';
    const radio = document.querySelector<HTMLInputElement>(`input[name="format"][value="${kind}"]`);
    if (radio) radio.checked = true;
    note.textContent = max && file.size > max
      ? `This file is ${Math.round(file.size / 1000)} KB; the limit is ${Math.round(max / 1000)} KB. Export fewer questions at a time.`
      : `${file.name} (${Math.round(file.size / 1000)} KB) is ready to check.`;
  });
}
document.addEventListener('DOMContentLoaded', setup);

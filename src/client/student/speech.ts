/** Reads the question, hints and feedback aloud with the browser's voice for the page language. */
function spoken(el: Element): string {
  let out = '';
  el.childNodes.forEach((n) => {
    if (n.nodeType === Node.TEXT_NODE) out += n.textContent ?? '';
    else if (n instanceof Element) {
      if (n.classList.contains('sr-only') && n.closest('[data-stepper]')) return;
      out += n.localName === 'math' ? ` ${n.getAttribute('aria-label') ?? n.textContent ?? ''} ` : spoken(n);
    }
  });
  return out.replace(/\s+/g, ' ').trim();
}

export function setUpReadAloud(root: ParentNode): void {
  const button = root.querySelector<HTMLButtonElement>('[data-read-aloud]');
  if (!button || !('speechSynthesis' in window)) return;
  button.hidden = false;
  button.addEventListener('click', () => {
    const lang = document.documentElement.lang || 'en';
    const text = [...document.querySelectorAll('[data-say]')]
      .filter((e) => !(e as HTMLElement).hidden)
      .map(spoken)
      .join('. ');
    speechSynthesis.cancel();
    const u = new SpeechSynthesisUtterance(text);
    u.lang = lang;
    const voice = speechSynthesis.getVoices().find((v) => v.lang.toLowerCase().startsWith(lang));
    if (voice) u.voice = voice;
    u.rate = 0.9;
    speechSynthesis.speak(u);
  });
}

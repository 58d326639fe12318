/**
 * Keeps the LMS iframe fitted to the page, both ways: the page asks the platform for its height
 * (Canvas's `lti.frameResize`; other platforms ignore it) whenever it changes, so the frame grows
 * with a hint and shrinks again when a details box closes.
 */
const target = window.parent;

function fit(): void {
  if (target === window) return;
  // The content's own height, not scrollHeight: scrollHeight never drops below the frame's current
  // height, so a frame sized by it could grow but never shrink.
  const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
  if (height === lastHeight) return;
  lastHeight = height;
  target.postMessage({ subject: 'lti.frameResize', height }, '*');
}

let lastHeight = 0;
window.addEventListener('load', fit);
document.addEventListener('toggle', fit, true);
if (typeof ResizeObserver !== 'undefined') new ResizeObserver(fit).observe(document.body);
setTimeout(fit, 300);

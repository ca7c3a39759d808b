// The live badge of unseen alerts in the navigation: asks HQ every 10 s (and at once after a page marked alerts
// seen) and shows the count next to 告警, without a reload.
import { get } from './api.js';

const POLL_MS = 10000;
let timer = null;

// Asks HQ for the count now and shows it (hidden at 0).
export async function refreshBadge() {
  const badge = document.getElementById('alert-badge');
  if (!badge) return;
  try {
    const b = await get('/v1/console/alerts/badge');
    const node = document.getElementById('alert-badge');
    if (!node) return;
    node.textContent = b.unseen > 99 ? '99+' : String(b.unseen);
    node.hidden = b.unseen === 0;
    node.dataset.unseen = String(b.unseen);
  } catch (e) {
    // signed out or HQ unreachable: the next poll tries again
  }
}

// Starts polling (once per page load).
export function startBadge() {
  if (timer) return;
  timer = setInterval(refreshBadge, POLL_MS);
}

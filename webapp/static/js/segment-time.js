// Active time per segment: while the page is shown, the focus is in the segment being edited and the person
// was active in the last minute, each second counts for that segment.  The time goes to the server with the segment's next save (time_ms in the
// PATCH body), or on its own when the person leaves the segment without changing it.
import { api } from './api.js';

const TICK_MS = 1000;
const IDLE_MS = 60_000; // no key, click or pointer move for a minute: away, not working

export class SegmentTime {
  constructor(activeRow) {
    this.activeRow = activeRow; // () => the row being edited, or null
    this.pending = new WeakMap(); // row -> milliseconds not reported yet
    this.lastActivity = Date.now();
    for (const type of ['keydown', 'pointerdown', 'pointermove', 'input', 'wheel']) {
      document.addEventListener(type, () => { this.lastActivity = Date.now(); }, { passive: true, capture: true });
    }
    setInterval(() => this.tick(), TICK_MS);
  }

  tick() {
    const row = this.activeRow();
    if (!row || document.visibilityState !== 'visible' || Date.now() - this.lastActivity > IDLE_MS) return;
    if (!row.contains(document.activeElement)) return; // working elsewhere on the page (find, a dialog)
    this.pending.set(row, (this.pending.get(row) ?? 0) + TICK_MS);
  }

  // The time not reported yet, now to be sent with a save (give it back if the save fails).
  take(row) {
    const ms = this.pending.get(row) ?? 0;
    this.pending.delete(row);
    return ms;
  }

  giveBack(row, ms) {
    if (ms) this.pending.set(row, (this.pending.get(row) ?? 0) + ms);
  }

  // Send the time of a row that was left without a save (a save with only time_ms changes nothing else).
  flush(row, { keepalive = false } = {}) {
    const ms = this.take(row);
    if (!ms || !row) return;
    api('PATCH', `/api/segments/${encodeURIComponent(row.dataset.segmentId)}`,
      { version: Number(row.dataset.version), time_ms: ms }, { keepalive }).catch(() => this.giveBack(row, ms));
  }
}

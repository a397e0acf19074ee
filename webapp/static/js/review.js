// The review page: keyboard-driven editing of one document's segments.
//
// Every row is an <li class="seg" data-segment-id data-status data-version>.  The row being edited
// ("active") gets the tool bar (buttons, suggestions).  Leaving a row saves it when its English
// changed (autosave); Ctrl+Enter confirms it and moves to the next unconfirmed row.  Every save
// names the version it started from; a 409 opens the conflict dialog with both versions.
import {
  api, ApiError, CONFIRMED_STATUSES, drawBar, el, roleCan, SEVERITY_OF_RANK, SEVERITY_RANK, STATUS_LABELS, STATUS_ORDER,
} from './api.js';
import { askGateReason, isGate } from './qagate.js';
import { suggestionItem } from './matches.js';
import { initReplace } from './replace.js';
import { SegmentTime } from './segment-time.js';

const head = document.getElementById('review-head');
const list = document.getElementById('segments');
const docId = head.dataset.documentId;
const role = document.querySelector('.user[data-role]')?.dataset.role ?? '';
const isReviewer = roleCan(role, 'reviewer');
// Ctrl+Enter gives the status of the step this person holds on the document (workflow/_assignment.html says which).
const CONFIRM_STATUS = document.querySelector('.workflow[data-confirm-status]')?.dataset.confirmStatus ||
  (isReviewer ? 'approved' : 'translated');
const reviewing = CONFIRM_STATUS === 'approved';
// What counts as done: for a reviewer only an approval; for a translator any status a person stands behind.
const CONFIRMED = reviewing ? new Set(['approved']) : CONFIRMED_STATUSES;

const rows = () => [...list.querySelectorAll('.seg')];
// The rows the Show filter and Find leave shown: navigation, Ctrl+Enter's next row and Replace act on these only.
const shownRows = () => rows().filter((r) => !r.hidden);
const area = (row) => row.querySelector('textarea');
const saved = new WeakMap(); // row -> the English last saved (or loaded)
const suggestionsOf = new WeakMap(); // row -> suggestions from the API
const pending = new WeakMap(); // row -> the save in flight
// A long document comes in pages (webapp/review.py): the counts add the statuses of the other pages.
const OTHER_COUNTS = JSON.parse(head.dataset.otherCounts || '{}');
const PAGE = Number(head.dataset.page || 1);
const PAGES = Number(head.dataset.pages || 1);
// More segments than one page holds: the Show filter and Find then select across the pages (the server does it).
const PAGED = head.dataset.paged === 'true';
const FILTER_RELOAD_MS = 400; // a change of the filter or Find waits this long for more typing before it reloads
const MESSAGE_MS = 4000; // how long "Saved." and the like stay
let active = null;
let tools = null;
const segmentTime = new SegmentTime(() => active);

for (const row of rows()) saved.set(row, area(row).value);

// -- status, QA, counts -----------------------------------------------------------------

const messageTimers = new WeakMap(); // message element -> the timer that clears it

function setMessage(row, text, kind = '') {
  const msg = row.querySelector('.row-msg');
  if (msg) {
    msg.textContent = text;
    msg.className = `row-msg ${kind}`;
    // A success note goes after a few seconds (errors stay until the next action).
    clearTimeout(messageTimers.get(msg));
    if (kind === 'ok') {
      messageTimers.set(msg, setTimeout(() => { if (msg.textContent === text) msg.textContent = ''; }, MESSAGE_MS));
    }
  } else if (text) {
    showBanner(text, { transient: kind === 'ok' }); // the row was left before its save answered
  }
}

let bannerTimer = 0;

// The banner under the head: a note that goes after a few seconds (transient: "Saved."), or one that stays
// (a translation running, an error).
function showBanner(text, { transient = false } = {}) {
  const banner = document.getElementById('banner');
  banner.textContent = text;
  banner.hidden = !text;
  clearTimeout(bannerTimer);
  if (transient && text) bannerTimer = setTimeout(() => { if (banner.textContent === text) banner.hidden = true; }, MESSAGE_MS);
}

function applySegment(row, seg) {
  row.dataset.status = seg.status;
  row.dataset.version = String(seg.version);
  const qa = seg.qa ?? [];
  const worst = Math.max(0, ...qa.map((q) => SEVERITY_RANK[q.severity] ?? 0));
  row.dataset.qa = SEVERITY_OF_RANK[worst] ?? '';
  row.querySelector('.badge').textContent = STATUS_LABELS[seg.status] ?? seg.status;
  row.querySelector('.qa').replaceChildren(
    ...qa.map((q) => el('li', { class: `sev-${q.severity}`, title: q.code, text: q.message })),
  );
  const textarea = area(row);
  if (document.activeElement !== textarea || textarea.value === saved.get(row)) textarea.value = seg.target ?? '';
  saved.set(row, seg.target ?? '');
  row.dispatchEvent(new CustomEvent('segment-saved', { bubbles: true, detail: seg })); // comments.js listens
}

function updateCounts() {
  const counts = { ...OTHER_COUNTS };
  for (const r of rows()) counts[r.dataset.status] = (counts[r.dataset.status] ?? 0) + 1;
  drawBar(document.querySelector('#progress svg.bar'), counts);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const done = Object.entries(counts).filter(([st]) => CONFIRMED.has(st)).reduce((a, [, n]) => a + n, 0);
  const approved = counts.approved ?? 0;
  document.getElementById('counts').textContent = `${done} of ${total} ${reviewing ? 'approved' : 'confirmed'}` +
    (reviewing ? '' : ` · ${approved} approved`);
}

// -- saving -----------------------------------------------------------------------------

async function save(row, fields = {}, { keepalive = false } = {}) {
  const before = pending.get(row);
  if (before) await before.catch(() => {});
  const target = area(row).value;
  const body = { version: Number(row.dataset.version), ...fields };
  if (target !== saved.get(row)) body.target = target;
  if (body.target === undefined && body.status === undefined) return null;
  const spent = segmentTime.take(row);
  if (spent) body.time_ms = spent;
  const request = api('PATCH', `/api/segments/${encodeURIComponent(row.dataset.segmentId)}`, body, { keepalive });
  pending.set(row, request);
  row.classList.add('saving');
  try {
    const data = await request;
    applySegment(row, data.segment);
    updateCounts();
    setMessage(row, body.status ? `Saved: ${STATUS_LABELS[data.segment.status]}.` : 'Saved.', 'ok');
    applyFilter();
    return data.segment;
  } catch (e) {
    segmentTime.giveBack(row, spent);
    if (e instanceof ApiError && e.status === 409) {
      openConflict(row, e.details, body);
    } else if (isGate(e)) {
      setMessage(row, 'Not confirmed: QA errors need fixing, or a reason.', 'error');
    } else {
      row.classList.add('unsaved');
      setMessage(row, `Not saved: ${e.message}`, 'error');
    }
    throw e;
  } finally {
    row.classList.remove('saving');
    if (pending.get(row) === request) pending.delete(row);
  }
}

function autosave(row) {
  if (area(row).value !== saved.get(row)) save(row).catch(() => {});
}

// -- moving around ------------------------------------------------------------------------

function activate(row, { focus = true } = {}) {
  if (!row) return;
  if (active && active !== row) {
    active.classList.remove('active');
    autosave(active);
    if (area(active).value === saved.get(active)) segmentTime.flush(active);
  }
  active = row;
  row.classList.add('active');
  if (!tools) tools = document.getElementById('tools-template').content.firstElementChild.cloneNode(true);
  row.querySelector('.tgt').append(tools);
  setMessage(row, row.classList.contains('unsaved') ? 'Not saved yet.' : '');
  history.replaceState(null, '', `#seg-${row.dataset.segmentId}`);
  if (focus && document.activeElement !== area(row)) {
    area(row).focus({ preventScroll: true });
  }
  row.scrollIntoView({ block: 'nearest' });
  applyFilter(); // the row left goes when it no longer matches what is shown
  loadSuggestions(row);
}

function next(row, step) {
  const all = shownRows();
  const i = all.indexOf(row);
  return all[i + step] ?? null;
}

function nextUnconfirmed(row) {
  const all = shownRows();
  const i = all.indexOf(row);
  return [...all.slice(i + 1), ...all.slice(0, Math.max(0, i))].find((r) => !CONFIRMED.has(r.dataset.status)) ?? null;
}

async function confirm(row, status = CONFIRM_STATUS) {
  if (!area(row).value.trim()) {
    setMessage(row, 'Write the English first.', 'error');
    return;
  }
  try {
    await save(row, { status });
  } catch (e) {
    // The QA gate: errors (or a word gloss) need a reason, asked for in a dialog (qagate.js).
    const reason = isGate(e) ? await askGateReason(e.details.findings ?? [], status) : null;
    if (!reason) return;
    try {
      await save(row, { status, override: reason });
    } catch {
      return;
    }
  }
  const to = nextUnconfirmed(row);
  if (to) activate(to);
  else if (PAGES > 1) setMessage(row, `Every segment shown on this page is confirmed${PAGE < PAGES ? ': go on with the next page' : ''}.`, 'ok');
  else setMessage(row, 'Every segment shown is confirmed.', 'ok');
}

// -- suggestions (Ctrl+1..3) -------------------------------------------------------------------

async function loadSuggestions(row) {
  const box = tools.querySelector('.suggestions');
  box.replaceChildren(el('li', { class: 'muted', text: 'Looking for suggestions…' }));
  try {
    const data = await api('GET', `/api/segments/${encodeURIComponent(row.dataset.segmentId)}`);
    if (active !== row) return;
    document.dispatchEvent(new CustomEvent('segment-details', { detail: { row, data } })); // elsewhere.js and others
    suggestionsOf.set(row, data.suggestions);
    if (Number(row.dataset.version) !== data.segment.version && area(row).value === saved.get(row)) {
      applySegment(row, data.segment); // changed elsewhere since the page loaded
    }
    box.replaceChildren(...data.suggestions.map((s, i) => suggestionItem(s, i)));
    if (!data.suggestions.length) box.replaceChildren(el('li', { class: 'muted', text: 'No machine draft or memory match.' }));
    // The library says which suggestion pre-fills the English (an exact match, else the best one); only when untouched.
    if (data.prefill !== null && data.prefill !== undefined && area(row).value === saved.get(row)) {
      const s = data.suggestions[data.prefill];
      if (s && s.target !== area(row).value) {
        area(row).value = s.target;
        setMessage(row, s.kind === 'memory' ? `Pre-filled from the memory (${s.score}%): check it, then confirm.` : 'Pre-filled: check it, then confirm.');
      }
    }
  } catch (e) {
    box.replaceChildren(el('li', { class: 'muted', text: e.message }));
  }
}

function insertSuggestion(row, index) {
  const s = (suggestionsOf.get(row) ?? [])[index];
  if (!s) return;
  const textarea = area(row);
  textarea.value = s.target;
  textarea.focus();
  textarea.setSelectionRange(s.target.length, s.target.length);
}

function copySource(row) {
  const textarea = area(row);
  textarea.value = row.querySelector('.src .text').textContent;
  textarea.focus();
}

// -- events ------------------------------------------------------------------------------------

list.addEventListener('focusin', (event) => {
  const row = event.target.closest('.seg');
  if (row && row !== active) activate(row, { focus: false });
});

list.addEventListener('focusout', (event) => {
  const row = event.target.closest('.seg');
  if (row && event.target.matches('textarea') && !row.contains(event.relatedTarget)) autosave(row);
});

list.addEventListener('click', (event) => {
  const row = event.target.closest('.seg');
  if (!row) return;
  const button = event.target.closest('button');
  if (!button) {
    if (row !== active && !window.getSelection()?.toString()) activate(row);
    return;
  }
  if (button.classList.contains('insert')) insertSuggestion(row, Number(button.dataset.index));
  const act = button.dataset.act;
  if (act === 'approve') confirm(row, 'approved');
  else if (act === 'translated') confirm(row, 'translated');
  else if (act === 'copy') copySource(row);
  else if (act === 'history') openHistory(row);
  else if (act === 'reject') openReject(row);
});

document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') {
    hideLookup();
    return;
  }
  const row = active;
  if (!row || document.querySelector('dialog[open]')) return;
  const ctrl = event.ctrlKey || event.metaKey;
  if (ctrl && event.key === 'Enter') {
    event.preventDefault();
    confirm(row);
  } else if (ctrl && !event.shiftKey && (event.key === 'i' || event.key === 'I')) {
    event.preventDefault();
    copySource(row);
  } else if (event.altKey && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
    event.preventDefault();
    const to = next(row, event.key === 'ArrowDown' ? 1 : -1);
    if (to) activate(to);
  } else if ((ctrl || event.altKey) && ['1', '2', '3'].includes(event.key)) {
    event.preventDefault();
    insertSuggestion(row, Number(event.key) - 1);
  }
}, true);

// Unsaved English is sent when the page is left (tab closed, reload, navigation).
window.addEventListener('pagehide', () => {
  if (active && area(active).value !== saved.get(active)) save(active, {}, { keepalive: true }).catch(() => {});
  else if (active) segmentTime.flush(active, { keepalive: true });
});

// -- conflicts -------------------------------------------------------------------------------

function openConflict(row, details, body) {
  const dialog = document.getElementById('conflict-dialog');
  const current = details.current ?? {};
  // Plain words only: who saved it, when, its status; no ids or version numbers.
  const when = (current.updated_at ?? '').replace('T', ' ').slice(0, 16);
  dialog.querySelector('.conflict-msg').textContent =
    `${current.updated_by ?? 'Someone else'} saved it${when ? ` at ${when}` : ''}. Choose which English to keep.`;
  dialog.querySelector('.theirs').textContent = current.target ?? '(empty)';
  dialog.querySelector('.theirs-meta').textContent = `${current.updated_by ?? 'someone'}, ${STATUS_LABELS[current.status] ?? current.status}`;
  dialog.querySelector('.yours').textContent = area(row).value;
  dialog.onclick = async (event) => {
    const choice = event.target.closest('[data-choice]')?.dataset.choice;
    if (!choice) return;
    dialog.close();
    const mine = area(row).value;
    if (choice === 'theirs') {
      saved.set(row, current.target ?? '');
      area(row).value = current.target ?? '';
      applySegment(row, current);
      setMessage(row, 'Took their version.', 'ok');
    } else {
      row.dataset.version = String(current.version);
      saved.set(row, current.target ?? '');
      if (choice === 'mine') {
        area(row).value = mine;
        const { target, ...rest } = body;
        save(row, rest.status ? { status: rest.status, note: rest.note } : {}).catch(() => {});
      } else {
        area(row).value = mine;
        setMessage(row, 'Merge the two by hand, then save (leave the segment or press Ctrl+Enter).');
        area(row).focus();
      }
    }
  };
  dialog.showModal();
}

// -- history and revert ----------------------------------------------------------------------

async function openHistory(row) {
  const dialog = document.getElementById('history-dialog');
  const body = dialog.querySelector('tbody');
  body.replaceChildren(el('tr', {}, el('td', { colSpan: 5, text: 'Loading…' })));
  dialog.showModal();
  try {
    const { revisions } = await api('GET', `/api/segments/${encodeURIComponent(row.dataset.segmentId)}/history`);
    body.replaceChildren(...revisions.slice().reverse().map((r) => el('tr', {},
      el('td', { text: r.at.replace('T', ' ').slice(0, 19) }),
      el('td', { text: r.by }),
      el('td', { text: `${STATUS_LABELS[r.old_status] ?? '—'} → ${STATUS_LABELS[r.new_status] ?? r.new_status}` }),
      el('td', { lang: 'en' }, r.new_target ?? '', r.note ? el('div', { class: 'note', text: r.note }) : null),
      el('td', {}, r.new_target !== null && r.new_target !== saved.get(row)
        ? el('button', { type: 'button', text: 'Revert to this', 'data-revision': String(r.id) }) : null),
    )));
    if (!revisions.length) body.replaceChildren(el('tr', {}, el('td', { colSpan: 5, text: 'No changes yet.' })));
  } catch (e) {
    body.replaceChildren(el('tr', {}, el('td', { colSpan: 5, text: e.message })));
  }
  dialog.onclick = async (event) => {
    if (event.target.closest('[data-close]')) {
      dialog.close();
      return;
    }
    const button = event.target.closest('[data-revision]');
    if (!button) return;
    dialog.close();
    try {
      const data = await api('POST', `/api/segments/${encodeURIComponent(row.dataset.segmentId)}/revert`,
        { revision: Number(button.dataset.revision), version: Number(row.dataset.version) });
      saved.set(row, data.segment.target ?? '');
      area(row).value = data.segment.target ?? '';
      applySegment(row, data.segment);
      setMessage(row, 'Reverted; confirm it again when it is right.', 'ok');
      updateCounts();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) openConflict(row, e.details, {});
      else setMessage(row, `Not reverted: ${e.message}`, 'error');
    }
  };
}

// -- reject with a comment ---------------------------------------------------------------------

function openReject(row) {
  const dialog = document.getElementById('reject-dialog');
  const note = document.getElementById('reject-note');
  note.value = '';
  dialog.onclick = (event) => {
    if (event.target.closest('[data-close]')) dialog.close();
  };
  document.getElementById('reject-form').onsubmit = (event) => {
    event.preventDefault();
    if (!note.value.trim()) return;
    dialog.close();
    save(row, { status: 'rejected', note: note.value.trim() }).catch(() => {});
  };
  dialog.showModal();
  note.focus();
}

// -- filter, original text, find and replace -----------------------------------------------------

const filter = document.getElementById('filter');
const findInput = document.getElementById('find');
const matchCase = document.getElementById('match-case');

function matchesFilter(row) {
  const status = row.dataset.status;
  switch (filter.value) {
    case 'unconfirmed': return !CONFIRMED.has(status);
    case 'qa': return (SEVERITY_RANK[row.dataset.qa] ?? 0) >= SEVERITY_RANK.warning;
    case 'all': return true;
    default: return STATUS_ORDER.includes(filter.value) ? status === filter.value : true;
  }
}

function contains(text, needle) {
  return matchCase.checked ? text.includes(needle) : text.toLowerCase().includes(needle.toLowerCase());
}

// Find looks in the source and the English (translator/review.py selects the same across pages).
const sourceText = (row) => row.querySelector('.src .text')?.textContent ?? '';

// What is shown is what matches: a change of the filter or of Find hides the row being edited too (and moves
// to the first row shown); after a save the row being edited stays until it is left.
function applyFilter({ keepActive = true } = {}) {
  const needle = findInput.value;
  let found = 0;
  for (const row of rows()) {
    const hit = !needle || contains(area(row).value, needle) || contains(sourceText(row), needle);
    const shown = matchesFilter(row) && hit;
    if (shown) found += 1;
    row.hidden = !shown && !(keepActive && row === active);
  }
  const filtered = Boolean(needle) || filter.value !== 'all';
  document.getElementById('find-count').textContent = filtered ? `${found} segment${found === 1 ? '' : 's'} shown` : '';
  if (!keepActive && active && active.hidden) {
    const to = shownRows()[0];
    if (to) activate(to, { focus: false });
  }
}

// One page: what is shown changes at once.  A long document: the page reloads with the filter and Find as its
// query (?status=&find=&case=1), the segment being edited saved first; a failed save (a conflict) stays here.
let reloadTimer = null;
async function reloadFiltered() {
  clearTimeout(reloadTimer);
  if (active) {
    try { await save(active); } catch { return; }
  }
  const query = new URLSearchParams();
  if (filter.value !== 'all') query.set('status', filter.value);
  if (findInput.value) query.set('find', findInput.value);
  if (matchCase.checked) query.set('case', '1');
  const search = query.toString();
  location.assign(search ? `?${search}` : location.pathname);
}
const refilter = () => {
  if (!PAGED) { applyFilter({ keepActive: false }); return; }
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(reloadFiltered, FILTER_RELOAD_MS);
};
filter.addEventListener('change', refilter);
findInput.addEventListener('input', refilter);
matchCase.addEventListener('change', refilter);
findInput.addEventListener('keydown', (event) => {
  if (PAGED && event.key === 'Enter') {
    event.preventDefault(); // Enter finds now (Replace… is the button)
    reloadFiltered();
  }
});
document.getElementById('show-original').addEventListener('change', (event) => {
  list.classList.toggle('show-original', event.target.checked);
});

// Replace (preview, apply all or nothing, undo) is replace.js's; it acts on the rows shown.
initReplace({
  docId,
  rows: shownRows,
  before: async () => { if (active) await save(active).catch(() => {}); },
  applied: (segments) => {
    for (const seg of segments) {
      const row = document.getElementById(`seg-${seg.id}`);
      if (!row) continue;
      saved.set(row, seg.target ?? '');
      area(row).value = seg.target ?? '';
      applySegment(row, seg);
    }
    updateCounts();
    applyFilter();
  },
  showBanner,
});

// -- dialogs ----------------------------------------------------------------------------------

document.getElementById('help-button').addEventListener('click', () => document.getElementById('help-dialog').showModal());
document.getElementById('help-dialog').addEventListener('click', (event) => {
  if (event.target.closest('[data-close]')) event.currentTarget.close();
});

// -- dictionary look-up of a selection --------------------------------------------------------------

const lookup = document.getElementById('lookup');
const HAN = /\p{Script=Han}/u;

function hideLookup() {
  lookup.hidden = true;
}

// Where the dictionary goes: beside the source, over the row's English column, when the row has two columns;
// on a narrow screen above the selection (what was read already), below it only when there is no room above.
// Never over the next segment's source where it can be helped; × and Esc close it.
function placeLookup(rect, src) {
  const row = src.closest('.seg');
  const tgt = row?.querySelector('.tgt')?.getBoundingClientRect();
  const srcBox = src.getBoundingClientRect();
  const width = document.documentElement.clientWidth;
  lookup.style.maxHeight = '';
  let top;
  let left;
  if (tgt && tgt.left >= srcBox.right - 1) {
    lookup.style.width = `${Math.min(tgt.width, 416)}px`;
    left = window.scrollX + tgt.left;
    top = window.scrollY + rect.top;
  } else {
    lookup.style.width = '';
    const headerBottom = Math.max(0, ...[...document.querySelectorAll('.topbar, .review-head')]
      .filter((h) => getComputedStyle(h).position === 'sticky').map((h) => h.getBoundingClientRect().bottom));
    const room = rect.top - headerBottom - 12;
    left = Math.max(8, Math.min(window.scrollX + rect.left, window.scrollX + width - lookup.offsetWidth - 8));
    if (room >= 120) {
      lookup.style.maxHeight = `${room}px`;
      top = window.scrollY + rect.top - Math.min(lookup.offsetHeight, room) - 6;
    } else {
      top = window.scrollY + rect.bottom + 6;
    }
  }
  lookup.style.top = `${top}px`;
  lookup.style.left = `${left}px`;
}

async function showLookup(text, rect, src) {
  const bodyBox = lookup.querySelector('.lookup-body');
  bodyBox.replaceChildren(el('p', { class: 'muted', text: `Looking up ${text}…` }));
  lookup.hidden = false;
  placeLookup(rect, src);
  const form = document.getElementById('add-term');
  if (form) {
    form.source.value = text;
    form.target.value = '';
    form.note.value = '';
    form.querySelector('.add-msg').textContent = '';
  }
  try {
    const data = await api('GET', `/api/lookup?q=${encodeURIComponent(text)}`);
    const parts = [];
    for (const t of data.terms) {
      parts.push(el('p', { class: 'glossary-hit' }, 'Glossary: ', el('span', { lang: 'zh-Hans', text: t.source }), ' → ',
        el('b', { lang: 'en', text: t.target }), t.kind !== 'term' ? ` (${t.kind})` : ''));
    }
    for (const entry of data.entries) {
      parts.push(el('dl', { class: 'cedict' },
        el('dt', { lang: 'zh-Hans', text: entry.word }),
        ...entry.senses.map((s) => el('dd', {}, el('span', { class: 'pinyin', text: s.pinyin }), ' ', s.definitions.join('; ')))));
    }
    if (!parts.length) parts.push(el('p', { class: 'muted', text: `${text}: not in CC-CEDICT.` }));
    bodyBox.replaceChildren(...parts);
    placeLookup(rect, src); // its height is known now
    if (form && data.entries.length === 1 && data.entries[0].word === text) {
      form.target.value = data.entries[0].senses[0]?.definitions[0] ?? '';
    }
  } catch (e) {
    bodyBox.replaceChildren(el('p', { class: 'error', text: e.message }));
  }
}

list.addEventListener('mouseup', () => setTimeout(checkSelection, 0));
list.addEventListener('touchend', () => setTimeout(checkSelection, 300));

function checkSelection() {
  const selection = window.getSelection();
  const text = selection?.toString().trim() ?? '';
  if (!text || text.length > 40 || !HAN.test(text) || !selection.rangeCount) return;
  const range = selection.getRangeAt(0);
  const src = range.commonAncestorContainer.parentElement?.closest('.src') ?? range.commonAncestorContainer.closest?.('.src');
  if (!src) return;
  showLookup(text, range.getBoundingClientRect(), src);
}

lookup.addEventListener('click', (event) => {
  if (event.target.closest('[data-close]')) hideLookup();
});

document.getElementById('add-term')?.addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.currentTarget;
  const msg = form.querySelector('.add-msg');
  try {
    const { term } = await api('POST', '/api/glossary', {
      source: form.source.value, target: form.target.value, note: form.note.value, kind: form.kind.value,
    });
    msg.textContent = `Added ${term.source} → ${term.target}. Highlights update when the page is reloaded.`;
  } catch (e) {
    msg.textContent = e.message;
  }
});

// -- background translation still running ------------------------------------------------------------

async function pollJob() {
  try {
    const { document: doc } = await api('GET', `/api/documents/${encodeURIComponent(docId)}`);
    drawBar(document.querySelector('#progress svg.bar'), doc.counts);
    const job = doc.job;
    if (job && (job.state === 'queued' || job.state === 'running')) {
      showBanner(`Machine translation running: ${job.done} of ${job.total || doc.total} segments. Reload when it is done to see the drafts.`);
      setTimeout(pollJob, 1500);
    } else if (job && job.state === 'failed') {
      showBanner(`Machine translation failed: ${job.error}`);
    } else {
      showBanner('Machine translation finished: reload the page to see the drafts.');
    }
  } catch (e) {
    showBanner(e.message);
  }
}

// -- start ---------------------------------------------------------------------------------------

// The top bar and the review head stay at the top (sticky); a row scrolled to stops below both of them.
function measureHeader() {
  const topbar = document.querySelector('.topbar');
  const style = document.documentElement.style;
  style.setProperty('--topbar-h', `${topbar?.offsetHeight ?? 0}px`);
  style.setProperty('--head-h', `${(topbar?.offsetHeight ?? 0) + head.offsetHeight}px`);
}
measureHeader();
new ResizeObserver(measureHeader).observe(head);

updateCounts();
if (head.dataset.translating === 'true') pollJob();
const hashId = location.hash.startsWith('#seg-') ? decodeURIComponent(location.hash.slice(5)) : '';
const fromHash = hashId ? document.getElementById(`seg-${hashId}`) : null;
if (hashId && !fromHash && PAGED && !new URLSearchParams(location.search).has('segment')) {
  // A link to a segment on another page of this document: the server knows which page holds it.
  location.replace(`?segment=${encodeURIComponent(hashId)}${location.hash}`);
}
const start = fromHash ?? rows().find((r) => !CONFIRMED.has(r.dataset.status)) ?? rows()[0];
if (start) activate(start);

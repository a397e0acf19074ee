// Concordance on the review page: Ctrl+K (or the header's button) opens a search of the memory and every
// document's approved segments, with the selected text (Chinese, or English as whole words): GET /api/concordance.
import { api, el, STATUS_LABELS, VOCABULARY } from './api.js';

const [MEMORY] = VOCABULARY.concordance_origins ?? [];
const dialog = document.getElementById('concordance-dialog');
const form = document.getElementById('concordance-form');
const input = document.getElementById('concordance-q');
const results = document.getElementById('concordance-hits');
const status = document.getElementById('concordance-status');
let timer = null;
let asked = 0;

function selectedText() {
  const active = document.activeElement;
  if (active && (active.tagName === 'TEXTAREA' || active.tagName === 'INPUT') && active.selectionStart !== active.selectionEnd) {
    return active.value.slice(active.selectionStart, active.selectionEnd);
  }
  return window.getSelection()?.toString() ?? '';
}

// `text` with each occurrence of `q` (ignoring case) in <mark>.
function marked(text, q, lang) {
  const out = el('span', { lang });
  const hay = text.toLowerCase();
  const needle = q.toLowerCase();
  let at = 0;
  for (let i = needle ? hay.indexOf(needle) : -1; i >= 0; i = hay.indexOf(needle, at)) {
    out.append(text.slice(at, i), el('mark', { text: text.slice(i, i + needle.length) }));
    at = i + needle.length;
  }
  out.append(text.slice(at));
  return out;
}

function hitItem(h, q) {
  const where = h.origin === MEMORY
    ? `memory${h.by ? `, approved by ${h.by}` : ''}`
    : `document, ${STATUS_LABELS[h.status] ?? h.status}${h.by ? ` by ${h.by}` : ''}`;
  const link = h.document_id && h.segment_id && h.origin !== MEMORY
    ? el('a', { href: `/documents/${encodeURIComponent(h.document_id)}/review#seg-${h.segment_id}`, text: 'open' }) : null;
  return el('li', { class: `hit ${h.origin}` },
    el('p', { class: 'hit-source' }, h.field === 'source' ? marked(h.source, q, 'zh-Hans') : el('span', { lang: 'zh-Hans', text: h.source })),
    el('p', { class: 'hit-target' }, h.field === 'target' ? marked(h.target, q, 'en') : el('span', { lang: 'en', text: h.target })),
    el('p', { class: 'hit-meta' }, el('small', { text: `${where} · ${(h.at ?? '').slice(0, 10)} ` }), link));
}

async function search() {
  const q = input.value.trim();
  const mine = ++asked;
  if (!q) {
    results.replaceChildren();
    status.textContent = 'Type Chinese, or English words.';
    return;
  }
  status.textContent = 'Searching…';
  try {
    const data = await api('GET', `/api/concordance?q=${encodeURIComponent(q)}`);
    if (mine !== asked) return;
    results.replaceChildren(...data.hits.map((h) => hitItem(h, q)));
    status.textContent = data.hits.length ? `${data.hits.length} hit${data.hits.length === 1 ? '' : 's'} for “${q}”` : `Nothing approved holds “${q}”.`;
  } catch (e) {
    if (mine === asked) status.textContent = e.message;
  }
}

export function openConcordance(text = '') {
  input.value = text.trim().slice(0, 200);
  if (!dialog.open) dialog.showModal();
  input.focus();
  input.select();
  search();
}

document.addEventListener('keydown', (event) => {
  if ((event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey && (event.key === 'k' || event.key === 'K')) {
    event.preventDefault();
    event.stopPropagation();
    openConcordance(selectedText());
  }
}, true);

form.addEventListener('submit', (event) => {
  event.preventDefault();
  search();
});
input.addEventListener('input', () => {
  clearTimeout(timer);
  timer = setTimeout(search, 250);
});
// One Esc closes it, even from the search box (where the browser would first only clear the text).
dialog.addEventListener('keydown', (event) => {
  if (event.key === 'Escape') {
    event.preventDefault();
    dialog.close();
  }
});
dialog.addEventListener('click', (event) => {
  if (event.target.closest('[data-close]')) dialog.close();
});
document.getElementById('concordance-button')?.addEventListener('click', () => openConcordance(selectedText()));

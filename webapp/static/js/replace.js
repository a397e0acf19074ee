// Find and replace in the English of the rows shown: a preview of every change first, then all of them in one
// step (or, if one is refused, none), then Undo.  The server decides what matches (whole words, match case):
// the page sends the ids of the rows it shows and the versions the preview showed.
import { api, ApiError, el } from './api.js';

// A text with its [start, end) spans wrapped in <mark class="cls">.
function marked(text, spans, cls) {
  const parts = [];
  let at = 0;
  for (const [start, end] of spans) {
    if (start > at) parts.push(text.slice(at, start));
    parts.push(el('mark', { class: cls, text: text.slice(start, end) }));
    at = end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}

export function initReplace({ docId, rows, before, applied, showBanner }) {
  const form = document.getElementById('find-form');
  const findInput = document.getElementById('find');
  const replaceInput = document.getElementById('replace');
  const matchCase = document.getElementById('match-case');
  const wholeWord = document.getElementById('whole-word');
  const dialog = document.getElementById('replace-dialog');
  const list = dialog.querySelector('.replace-changes');
  const summary = dialog.querySelector('.replace-summary');
  const skipped = dialog.querySelector('.replace-skipped');
  const message = dialog.querySelector('.replace-msg');
  const applyButton = dialog.querySelector('[data-replace="apply"]');
  const undoBar = document.getElementById('replace-undo');
  const path = `/api/documents/${encodeURIComponent(docId)}/replace`;
  let request = null; // the previewed replace, with the versions it showed
  let lastReplace = null;

  const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

  function requestBody() {
    return {
      find: findInput.value,
      replace: replaceInput.value,
      match_case: matchCase.checked,
      whole_word: wholeWord.checked,
      segments: rows().map((r) => r.dataset.segmentId),
    };
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!findInput.value) return;
    await before();
    const body = requestBody();
    let data;
    try {
      data = await api('POST', path, { ...body, preview: true });
    } catch (e) {
      showBanner(`Not replaced: ${e.message}`);
      return;
    }
    if (!data.changes.length && !data.skipped.length) {
      showBanner(`“${body.find}” is not in the English of the ${plural(body.segments.length, 'segment')} shown.`);
      return;
    }
    request = { ...body, versions: Object.fromEntries(data.changes.map((c) => [c.segment_id, c.version])) };
    summary.textContent = `Replace “${body.find}” with “${body.replace}”: ${plural(data.replacements, 'replacement')} in ` +
      `${plural(data.segments, 'segment')}${wholeWord.checked ? ', whole words' : ''}${matchCase.checked ? ', match case' : ''}.`;
    list.replaceChildren(...data.changes.map((c) => el('li', { class: 'replace-change', 'data-segment-id': c.segment_id },
      el('span', { class: 'n', text: `#${c.number}` }),
      el('p', { class: 'before', lang: 'en' }, ...marked(c.before, c.spans_before, 'del')),
      el('p', { class: 'after', lang: 'en' }, ...marked(c.after, c.spans_after, 'ins')),
    )));
    skipped.replaceChildren(...data.skipped.map((s) => el('li', { text: `#${s.number}: left as it is (${s.reason})` })));
    skipped.hidden = !data.skipped.length;
    message.textContent = '';
    applyButton.disabled = !data.changes.length;
    dialog.showModal();
  });

  dialog.addEventListener('click', async (event) => {
    const act = event.target.closest('[data-replace]')?.dataset.replace;
    if (act === 'cancel') {
      dialog.close();
      request = null;
    } else if (act === 'apply' && request) {
      applyButton.disabled = true;
      message.textContent = 'Replacing…';
      try {
        const data = await api('POST', path, request);
        dialog.close();
        request = null;
        applied(data.changed);
        lastReplace = data.replace_id;
        showUndo(`Replaced in ${plural(data.changed.length, 'segment')}.` +
          (data.qa_pending ? ' QA of the changed segments is running; reload to see its findings.' : ''));
      } catch (e) {
        applyButton.disabled = false;
        message.textContent = e instanceof ApiError && e.status === 409
          ? `Nothing was replaced: ${e.message}. Close and preview again.` : `Nothing was replaced: ${e.message}`;
      }
    }
  });

  function showUndo(text) {
    undoBar.querySelector('.undo-msg').textContent = text;
    undoBar.querySelector('button').hidden = lastReplace === null;
    undoBar.hidden = false;
  }

  undoBar.querySelector('button').addEventListener('click', async () => {
    if (lastReplace === null) return;
    try {
      const data = await api('POST', `${path}/${lastReplace}/undo`, {});
      applied(data.changed);
      lastReplace = null;
      showUndo(`Undone: ${plural(data.changed.length, 'segment')} back as they were.`);
    } catch (e) {
      showUndo(`Not undone: ${e.message}`);
    }
  });
  undoBar.querySelector('[data-close]').addEventListener('click', () => { undoBar.hidden = true; });
}

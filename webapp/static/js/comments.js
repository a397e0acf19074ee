// Segment comments on the review page: each row shows its threads (open ones expanded, resolved ones folded away)
// with a count badge; the row being edited gets a form for a new comment.  Replies, resolve and re-open go
// through the JSON API (/api/segments/ID/comments, /api/comments/ID/resolve); the rules are the library's
// (translator/workflow.py): the page only offers what the server would accept, and shows what it says.
import { api, el, roleCan, VOCABULARY } from './api.js';

const list = document.getElementById('segments');
const who = document.querySelector('.user[data-user]');
const me = who?.dataset.user ?? '';
const role = who?.dataset.role ?? '';
const moderates = roleCan(role, VOCABULARY.assigner_role);
const REJECTION = (VOCABULARY.comment_kinds ?? [])[1];
const docId = document.getElementById('review-head').dataset.documentId;
const threadsOf = new Map(); // segment id -> its threads, as the API gives them

const rowOf = (segmentId) => document.getElementById(`seg-${segmentId}`);
const when = (at) => (at ?? '').replace('T', ' ').slice(0, 16);

function commentNode(c, kindLabel) {
  return el('div', { class: 'comment', 'data-comment-id': String(c.id) },
    el('p', { class: 'meta' },
      el('b', { class: 'author', text: c.author }),
      kindLabel ? el('span', { class: 'kind', text: kindLabel }) : null,
      el('time', { title: c.created_at, text: when(c.created_at) })),
    el('p', { class: 'body', lang: 'en', text: c.body }));
}

function threadNode(t) {
  const kind = t.kind === REJECTION ? 'rejected the segment' : '';
  const mayResolve = moderates || t.author === me;
  return el('li', { class: `thread${t.resolved ? ' resolved' : ''}${t.kind === REJECTION ? ' rejection' : ''}`, 'data-thread-id': String(t.id) },
    commentNode(t, kind),
    t.replies.length ? el('ol', { class: 'replies' }, ...t.replies.map((r) => el('li', {}, commentNode(r, '')))) : null,
    el('p', { class: 'thread-actions' },
      t.resolved ? el('span', { class: 'resolved-by', text: `Resolved by ${t.resolved_by}` }) : null,
      el('button', { type: 'button', class: 'link', 'data-comment-act': 'reply', text: 'Reply' }),
      mayResolve ? el('button', { type: 'button', class: 'link', 'data-comment-act': t.resolved ? 'reopen' : 'resolve',
        text: t.resolved ? 'Re-open' : 'Resolve' }) : null),
    el('form', { class: 'reply-form folded' },
      el('input', { type: 'text', maxLength: 4000, 'aria-label': 'Reply', placeholder: 'Reply…' }),
      el('button', { type: 'submit', text: 'Reply' })));
}

// Draw (or redraw) one row's comments: the badge, open threads, resolved ones folded, the new-comment form.
function draw(row) {
  const segmentId = row.dataset.segmentId;
  const threads = threadsOf.get(segmentId) ?? [];
  let box = row.querySelector('.comments');
  const showResolved = box?.classList.contains('show-resolved') ?? false;
  if (!box) {
    box = el('section', { class: 'comments', 'aria-label': 'Comments' });
    row.querySelector('.tgt .info').after(box);
  }
  const open = threads.filter((t) => !t.resolved);
  const resolved = threads.length - open.length;
  row.dataset.comments = String(open.length);
  box.classList.toggle('has-comments', threads.length > 0);
  box.classList.toggle('show-resolved', showResolved);
  // (replaceChildren writes a null as the text "null": the parts not there are left out.)
  box.replaceChildren(...[
    threads.length ? el('p', { class: 'comments-head' },
      el('span', { class: 'comment-count', title: 'Open comment threads', text: `${open.length} open comment${open.length === 1 ? '' : 's'}` }),
      resolved ? el('button', { type: 'button', class: 'link', 'data-comment-act': 'toggle-resolved',
        text: showResolved ? 'hide resolved' : `${resolved} resolved` }) : null) : null,
    threads.length ? el('ol', { class: 'threads' }, ...threads.map(threadNode)) : null,
    row.dataset.wantsForm === 'true' ? el('form', { class: 'comment-form' },
      el('input', { type: 'text', maxLength: 4000, 'aria-label': 'New comment on this segment', placeholder: 'Comment on this segment…' }),
      el('button', { type: 'submit', text: 'Comment' }),
      el('span', { class: 'comment-msg', 'aria-live': 'polite' })) : null,
  ].filter(Boolean));
}

function say(row, text) {
  const msg = row.querySelector('.comment-msg') ?? row.querySelector('.row-msg');
  if (msg) msg.textContent = text;
}

async function reload(row) {
  const { threads } = await api('GET', `/api/segments/${encodeURIComponent(row.dataset.segmentId)}/comments`);
  threadsOf.set(row.dataset.segmentId, threads);
  draw(row);
}

async function send(row, body, parent) {
  const text = body.trim();
  if (!text) return false;
  try {
    const data = await api('POST', `/api/segments/${encodeURIComponent(row.dataset.segmentId)}/comments`,
      parent ? { body: text, parent } : { body: text });
    threadsOf.set(row.dataset.segmentId, data.threads);
    draw(row);
    return true;
  } catch (e) {
    say(row, `Not sent: ${e.message}`);
    return false;
  }
}

async function setResolved(row, threadId, resolved) {
  try {
    await api('POST', `/api/comments/${threadId}/resolve`, { resolved });
    await reload(row);
  } catch (e) {
    say(row, e.message);
  }
}

list.addEventListener('submit', (event) => {
  const form = event.target.closest('.comment-form, .reply-form');
  if (!form) return;
  event.preventDefault();
  const row = form.closest('.seg');
  const parent = form.classList.contains('reply-form') ? Number(form.closest('.thread').dataset.threadId) : null;
  const lastReply = form.closest('.thread')?.querySelector('.replies > li:last-child .comment');
  send(row, form.querySelector('input').value, parent && lastReply ? Number(lastReply.dataset.commentId) : parent);
});

list.addEventListener('click', (event) => {
  const button = event.target.closest('[data-comment-act]');
  if (!button) return;
  const row = button.closest('.seg');
  const thread = button.closest('.thread');
  const act = button.dataset.commentAct;
  if (act === 'reply') {
    const form = thread.querySelector('.reply-form');
    form.classList.remove('folded');
    form.querySelector('input').focus();
  } else if (act === 'resolve' || act === 'reopen') {
    setResolved(row, Number(thread.dataset.threadId), act === 'resolve');
  } else if (act === 'toggle-resolved') {
    row.querySelector('.comments').classList.toggle('show-resolved');
    draw(row);
  }
});

// Enter or Ctrl+Enter in a comment box sends the comment (not the segment); the review page's own keys stay out of it.
// (A one-line box: the row's only textarea stays its English.)
window.addEventListener('keydown', (event) => {
  const box = event.target.closest?.('.comments input');
  if (!box) return;
  const ctrl = event.ctrlKey || event.metaKey;
  if (ctrl && event.key === 'Enter') {
    event.preventDefault();
    event.stopPropagation();
    box.form.requestSubmit();
  } else if (ctrl || event.altKey) {
    event.stopPropagation();
  }
}, true);

// A rejection's note becomes a comment on the server: when a save changes the row's status, its threads are read again.
list.addEventListener('segment-saved', (event) => {
  const row = event.target.closest('.seg');
  if (!row || row.dataset.status === row.dataset.commentsStatus) return;
  row.dataset.commentsStatus = row.dataset.status;
  reload(row).catch(() => {});
});

// The row being edited gets the new-comment form (made when first needed: a long document has thousands of rows).
list.addEventListener('focusin', (event) => {
  const row = event.target.closest('.seg');
  if (row && !row.querySelector('.comment-form')) {
    row.dataset.wantsForm = 'true';
    draw(row);
  }
});

// Start: every thread of the document in one request, drawn on the rows that have some (and the active row's form).
async function start() {
  for (const row of list.querySelectorAll('.seg')) row.dataset.commentsStatus = row.dataset.status;
  const active = list.querySelector('.seg.active');
  if (active) {
    active.dataset.wantsForm = 'true';
    draw(active);
  }
  try {
    const { segments } = await api('GET', `/api/documents/${encodeURIComponent(docId)}/comments`);
    for (const [segmentId, threads] of Object.entries(segments)) {
      threadsOf.set(segmentId, threads);
      const row = rowOf(segmentId);
      if (row) draw(row);
    }
    list.dataset.commentsLoaded = 'true';
  } catch (e) {
    document.getElementById('banner').textContent = `Comments not loaded: ${e.message}`;
    document.getElementById('banner').hidden = false;
  }
}

start();

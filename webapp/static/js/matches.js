// A suggestion of the review page's tool bar: memory matches show their source, with what differs from this
// segment's source marked (the library's diff: ops equal / delete / insert), their score, who approved them and when.
import { el, VOCABULARY } from './api.js';

const [EQUAL, DELETE, INSERT] = VOCABULARY.diff_ops ?? [];

// The match's source with the diff marked: <del> what only the match has, <ins> what only this source has.
export function diffView(ops) {
  return el('span', { class: 'diff', lang: 'zh-Hans' }, ...(ops ?? []).map(([op, text]) => {
    if (op === DELETE) return el('del', { title: 'only in the memory match', text });
    if (op === INSERT) return el('ins', { title: 'only in this source', text });
    return op === EQUAL ? text : null;
  }));
}

function label(s) {
  if (s.kind !== 'memory') return `MT ${s.editor}`;
  return s.score >= 100 ? 'TM 100%' : `TM ${s.score}%`;
}

export function suggestionItem(s, i) {
  const memory = s.kind === 'memory';
  const when = (s.approved_at ?? '').slice(0, 10);
  return el('li', { class: `sugg ${s.kind}${memory ? ` ${s.match}` : ''}` },
    el('button', { type: 'button', class: 'insert', 'data-index': String(i), title: `Insert (Ctrl+${i + 1})` }, el('kbd', { text: String(i + 1) })),
    el('span', { class: 'score', text: label(s) }),
    el('span', { class: 'text', lang: 'en', text: s.target }),
    memory ? el('span', { class: 'match-source' }, diffView(s.diff),
      el('small', { class: 'match-meta', text: [s.approved_by && `approved by ${s.approved_by}`, when].filter(Boolean).join(', ') })) : null,
  );
}

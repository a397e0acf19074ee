// "Approved differently elsewhere": when a segment's details load (review.js sends 'segment-details'), show the
// other documents where the same source was approved with different English (GET /api/segments/ID, "elsewhere").

import { el } from './api.js';

function show(row, elsewhere) {
  row.querySelector('.elsewhere')?.remove();
  if (!elsewhere?.length) return;
  const items = elsewhere.map((o) => el('li', {},
    el('a', { href: `/documents/${encodeURIComponent(o.document_id)}/review#seg-${encodeURIComponent(o.segment_id)}`,
      text: o.document_name || o.document_id }),
    ': ',
    el('span', { lang: 'en', text: o.target }),
  ));
  const box = el('div', { class: 'elsewhere', role: 'note' },
    el('p', { text: `Approved differently elsewhere (${elsewhere.length}):` }),
    el('ul', {}, ...items),
  );
  row.querySelector('.src')?.append(box);
}

document.addEventListener('segment-details', (event) => {
  const { row, data } = event.detail ?? {};
  if (row && data) show(row, data.elsewhere);
});

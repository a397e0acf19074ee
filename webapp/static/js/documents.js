// The document list and the document page: progress bars follow background translations.
import { api, drawBar, STATUS_LABELS, STATUS_ORDER } from './api.js';

const POLL_MS = 1500;

function describe(job, counts, total) {
  if (job && (job.state === 'queued' || job.state === 'running')) {
    return `Machine translation running: ${job.done} of ${job.total || total} segments.`;
  }
  if (job && job.state === 'failed') return `Machine translation failed: ${job.error}`;
  if (counts.new) return `${counts.new} segments are not translated yet.`;
  return '';
}

async function pollDocument(box) {
  try {
    const { document: doc } = await api('GET', box.dataset.poll);
    drawBar(box.querySelector('svg.bar'), doc.counts);
    const legend = box.querySelector('.legend');
    if (legend) {
      legend.replaceChildren(...STATUS_ORDER.filter((s) => doc.counts[s]).map((s) => {
        const li = document.createElement('li');
        const dot = document.createElement('span');
        dot.className = `dot s-${s}`;
        li.append(dot, `${doc.counts[s]} ${STATUS_LABELS[s]}`);
        return li;
      }));
    }
    box.querySelector('.job').textContent = describe(doc.job, doc.counts, doc.total);
    const running = doc.job && (doc.job.state === 'queued' || doc.job.state === 'running');
    box.dataset.translating = running ? 'true' : 'false';
    if (running) setTimeout(() => pollDocument(box), POLL_MS);
    else window.location.reload(); // the page's buttons and details follow the finished translation
  } catch (e) {
    box.querySelector('.job').textContent = e.message;
  }
}

async function pollList(table) {
  try {
    const { documents } = await api('GET', table.dataset.poll);
    let running = false;
    for (const doc of documents) {
      const row = table.querySelector(`tr[data-document-id="${CSS.escape(doc.id)}"]`);
      if (!row) continue;
      drawBar(row.querySelector('svg.bar'), doc.counts);
      const busy = doc.job && (doc.job.state === 'queued' || doc.job.state === 'running');
      running ||= busy;
      row.dataset.translating = busy ? 'true' : 'false';
      row.querySelector('.job').textContent = busy ? 'translating…' : (doc.job?.state === 'failed' ? 'translation failed' : '');
      row.querySelector('.pct').textContent = `${doc.counts.approved ?? 0} of ${doc.total} approved`;
      for (const cell of row.querySelectorAll('td[data-count]')) {
        const n = doc.size?.[cell.dataset.count];
        if (n !== undefined) cell.textContent = n.toLocaleString('en');
      }
    }
    if (running) setTimeout(() => pollList(table), POLL_MS);
  } catch {
    // a failed poll leaves the page as it is; reloading shows the state
  }
}

const box = document.querySelector('.doc-status[data-poll]');
if (box && box.dataset.translating === 'true') setTimeout(() => pollDocument(box), POLL_MS);
const table = document.querySelector('table.documents[data-poll]');
if (table && table.querySelector('tr[data-translating="true"]')) setTimeout(() => pollList(table), POLL_MS);

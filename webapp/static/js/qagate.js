// The QA gate on the review page: when confirming answers 422 qa_gate, the findings are shown in a dialog
// that asks for the reason; the reason is sent as "override" and kept in the segment's history.
import { ApiError, el } from './api.js';

export function isGate(error) {
  return error instanceof ApiError && error.status === 422 && error.code === 'qa_gate';
}

// Resolves to the reason given, or null when the dialog is cancelled.
export function askGateReason(findings, status) {
  const dialog = document.getElementById('qa-gate-dialog');
  const form = document.getElementById('qa-gate-form');
  const reason = document.getElementById('qa-gate-reason');
  dialog.querySelector('.gate-status').textContent = status;
  dialog.querySelector('.gate-findings').replaceChildren(...findings.map((f) => el('li', { class: `sev-${f.severity}` },
    el('code', { text: f.code }), ' ', f.message)));
  reason.value = '';
  return new Promise((resolve) => {
    const done = (value) => {
      form.onsubmit = null;
      dialog.onclose = null;
      dialog.onclick = null;
      if (dialog.open) dialog.close();
      resolve(value);
    };
    form.onsubmit = (event) => {
      event.preventDefault();
      const text = reason.value.trim();
      if (text) done(text);
    };
    dialog.onclick = (event) => {
      if (event.target.closest('[data-close]')) done(null);
    };
    dialog.onclose = () => done(null);
    dialog.showModal();
    reason.focus();
  });
}

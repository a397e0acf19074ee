// The JSON API client every page script uses: sends the CSRF token, parses the one error shape.

const token = () => document.querySelector('meta[name="csrf-token"]')?.content ?? '';

export class ApiError extends Error {
  constructor(status, error) {
    super(error?.message ?? `request failed (${status})`);
    this.status = status;
    this.code = error?.code ?? 'error';
    this.details = error ?? {};
  }
}

export async function api(method, path, body, { keepalive = false } = {}) {
  const headers = { Accept: 'application/json' };
  const options = { method, headers, credentials: 'same-origin', keepalive };
  if (method !== 'GET') headers['X-CSRFToken'] = token();
  if (body instanceof FormData) {
    options.body = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, options);
  } catch {
    throw new ApiError(0, { code: 'network', message: 'the server cannot be reached; your change is not saved yet' });
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!response.ok) {
    if (response.status === 401) {
      throw new ApiError(401, { code: 'unauthorized', message: 'your session has ended: log in again (in another tab, to keep this page)' });
    }
    throw new ApiError(response.status, data?.error ?? { message: `request failed (${response.status})` });
  }
  return data;
}

// Build an element with text content only (never HTML).
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('data-') || key === 'lang' || key === 'title' || key === 'type' || key === 'role' || key.startsWith('aria-')) node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

// The project's vocabulary (translator/vocabulary.py), embedded in every page by base.html: never repeated here.
export const VOCABULARY = JSON.parse(document.getElementById('vocabulary')?.textContent || '{}');
const statuses = VOCABULARY.statuses ?? [];
// Statuses in progress order (done first), with what a person reads.
export const STATUS_ORDER = statuses.map((s) => s.name);
export const STATUS_LABELS = Object.fromEntries(statuses.map((s) => [s.name, s.label]));
// Statuses a person stands behind.
export const CONFIRMED_STATUSES = new Set(statuses.filter((s) => s.confirmed).map((s) => s.name));
// QA severities by rank (worse is higher), and the severity of a rank.
export const SEVERITY_RANK = VOCABULARY.severity_rank ?? {};
export const SEVERITY_OF_RANK = Object.fromEntries(Object.entries(SEVERITY_RANK).map(([name, rank]) => [rank, name]));
// True when `role` includes `needed` (an admin may do what a reviewer may).
export function roleCan(role, needed) {
  const rank = VOCABULARY.role_rank ?? {};
  return (rank[role] ?? 0) >= (rank[needed] ?? Infinity);
}

// Redraw an SVG stacked bar (the _macros.html progress_bar) from counts by status.
export function drawBar(svg, counts) {
  if (!svg) return;
  const total = Object.values(counts).reduce((a, b) => a + b, 0) || 1;
  svg.querySelectorAll('rect[data-status]').forEach((r) => r.remove());
  let x = 0;
  const ns = 'http://www.w3.org/2000/svg';
  const parts = [];
  for (const status of STATUS_ORDER) {
    const n = counts[status] ?? 0;
    if (!n) continue;
    const width = (100 * n) / total;
    const rect = document.createElementNS(ns, 'rect');
    rect.setAttribute('class', `s-${status}`);
    rect.setAttribute('data-status', status);
    rect.setAttribute('x', x.toFixed(3));
    rect.setAttribute('y', '0');
    rect.setAttribute('width', width.toFixed(3));
    rect.setAttribute('height', '10');
    const title = document.createElementNS(ns, 'title');
    title.textContent = `${n} ${STATUS_LABELS[status]}`;
    rect.append(title);
    svg.append(rect);
    parts.push(`${n} ${STATUS_LABELS[status]}`);
    x += width;
  }
  svg.setAttribute('aria-label', parts.join(', ') || 'no segments');
}

import type { CaughtMessage } from './mail-catcher';

/** HTML pages of the mail catcher's web inbox. Everything that comes from a message is escaped. */

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
  body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #0b0c0c; }
  h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 1.5rem; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #b1b4b6; vertical-align: top; }
  th { background: #f3f2f1; }
  td.nowrap { white-space: nowrap; }
  pre { white-space: pre-wrap; word-break: break-word; background: #f3f2f1; padding: .75rem; }
  iframe { width: 100%; height: 32rem; border: 1px solid #b1b4b6; }
  .muted { color: #505a5f; }
  form { display: inline; }
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

function recipients(m: CaughtMessage): string {
  const list = m.to.length > 0 ? m.to : m.envelope.to;
  return list.join(', ');
}

export function inboxPage(newestFirst: CaughtMessage[]): string {
  const rows = newestFirst
    .map(
      (m) => `<tr>
  <td class="nowrap">${escapeHtml(formatDate(m.receivedAt))}</td>
  <td>${escapeHtml(m.from)}</td>
  <td>${escapeHtml(recipients(m))}</td>
  <td><a href="/messages/${encodeURIComponent(m.id)}">${escapeHtml(m.subject || '(no subject)')}</a></td>
  <td>${m.attachments.length || ''}</td>
</tr>`,
    )
    .join('\n');
  const table =
    newestFirst.length === 0
      ? '<p class="muted">No messages yet. Anything sent to this SMTP server appears here.</p>'
      : `<table>
<thead><tr><th>Received</th><th>From</th><th>To</th><th>Subject</th><th>Attachments</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
  return layout(
    `Inbox (${newestFirst.length}) · Waymark mail catcher`,
    `<h1>Waymark mail catcher: ${newestFirst.length} message${newestFirst.length === 1 ? '' : 's'}</h1>
<p class="muted">Local only: nothing sent here is delivered. <a href="/">Refresh</a> ·
<a href="/api/messages">JSON</a>
<form method="post" action="/clear"><button type="submit">Delete all</button></form></p>
${table}`,
  );
}

export function messagePage(m: CaughtMessage): string {
  const base = `/messages/${encodeURIComponent(m.id)}`;
  const headerRows = Object.entries(m.headers)
    .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v).replace(/\n/g, '<br>')}</td></tr>`)
    .join('\n');
  const attachments =
    m.attachments.length === 0
      ? ''
      : `<h2>Attachments</h2>
<ul>
${m.attachments
  .map(
    (a, i) =>
      `<li><a href="${base}/attachments/${i}">${escapeHtml(a.filename ?? `attachment ${i}`)}</a> ` +
      `<span class="muted">${escapeHtml(a.contentType)}, ${a.size} bytes</span></li>`,
  )
  .join('\n')}
</ul>`;
  const html =
    m.html === undefined
      ? '<p class="muted">No HTML part.</p>'
      : `<iframe title="HTML body" sandbox="allow-popups allow-popups-to-escape-sandbox" src="${base}/html"></iframe>`;
  const text = m.text === undefined ? '<p class="muted">No text part.</p>' : `<pre>${linkify(m.text)}</pre>`;
  return layout(
    `${m.subject || '(no subject)'} · Waymark mail catcher`,
    `<p><a href="/">← Inbox</a></p>
<h1>${escapeHtml(m.subject || '(no subject)')}</h1>
<table>
<tr><th>From</th><td>${escapeHtml(m.from)}</td></tr>
<tr><th>To</th><td>${escapeHtml(m.to.join(', '))}</td></tr>
${m.cc.length ? `<tr><th>Cc</th><td>${escapeHtml(m.cc.join(', '))}</td></tr>` : ''}
<tr><th>Envelope</th><td>${escapeHtml(m.envelope.from ?? '(none)')} → ${escapeHtml(m.envelope.to.join(', '))}</td></tr>
<tr><th>Date</th><td>${escapeHtml(formatDate(m.date))}</td></tr>
<tr><th>Received</th><td>${escapeHtml(formatDate(m.receivedAt))}</td></tr>
</table>
<p><a href="${base}/raw">Raw message</a> · <a href="/api/messages/${encodeURIComponent(m.id)}">JSON</a></p>
${attachments}
<h2>HTML body</h2>
${html}
<h2>Text body</h2>
${text}
<h2>Headers</h2>
<table>
${headerRows}
</table>`,
  );
}

export function notFoundPage(what: string): string {
  return layout(
    'Not found · Waymark mail catcher',
    `<p><a href="/">← Inbox</a></p><h1>Not found</h1><p>${escapeHtml(what)}</p>`,
  );
}

/** Escapes text and turns http(s) URLs into links (so a secure link in a plain-text email can be followed). */
export function linkify(text: string): string {
  const url = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;
  let out = '';
  let last = 0;
  for (const match of text.matchAll(url)) {
    const index = match.index ?? 0;
    out += escapeHtml(text.slice(last, index));
    const href = escapeHtml(match[0]);
    out += `<a href="${href}" target="_blank" rel="noopener noreferrer">${href}</a>`;
    last = index + match[0].length;
  }
  return out + escapeHtml(text.slice(last));
}

function formatDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC');
}

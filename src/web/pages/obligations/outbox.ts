/** The demo's outbox (administrators): the e-mails Fairview sent, newest first, and one in full. */
import type { OutboxMessage } from '../../../app/notifications/outbox.ts';
import { summaryList, table } from '../../components.ts';
import { html } from '../../html.ts';
import { page, type Viewer } from '../../layout.ts';

export function outboxPage(
  viewer: Viewer,
  folder: string | null,
  messages: readonly OutboxMessage[],
): string {
  return page({
    title: 'Outbox',
    viewer,
    breadcrumbs: [{ text: 'Home', href: '/' }],
    content: html`<h1>Outbox</h1>
${
  folder === null
    ? html`<p>E-mail goes to the SMTP server set by FAIRVIEW_SMTP_URL, so there is no outbox to read here.</p>`
    : html`<p>Without an SMTP server, Fairview writes each e-mail it sends to a file in <code>${folder}</code>. The ${messages.length} most recent are listed here.</p>
${
  messages.length === 0
    ? html`<p>No e-mail has been sent yet.</p>`
    : table({
        caption: 'E-mails sent, newest first',
        head: ['Sent', 'To', 'Subject'],
        rows: messages.map((m) => [m.date, m.to, html`<a href="/admin/outbox/${m.name}">${m.subject}</a>`]),
      })
}`
}`,
  });
}

export function outboxMessagePage(viewer: Viewer, m: OutboxMessage): string {
  return page({
    title: m.subject,
    viewer,
    breadcrumbs: [
      { text: 'Home', href: '/' },
      { text: 'Outbox', href: '/admin/outbox' },
    ],
    content: html`<h1>${m.subject}</h1>
${summaryList([
  { key: 'To', value: m.to },
  { key: 'Sent', value: m.date },
  { key: 'File', value: m.name },
])}
<pre class="nhsuk-body">${m.body}</pre>`,
  });
}

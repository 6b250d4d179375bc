/** The signed-in user's notifications, newest first, with a form to mark them read (works without JS). */
import type { NotificationView } from '../../../app/notifications/notify.ts';
import { html } from '../../html.ts';
import { csrfField, page, type Viewer } from '../../layout.ts';

export function notificationsPage(viewer: Viewer, items: readonly NotificationView[]): string {
  const unread = items.filter((n) => !n.read).length;
  return page({
    title: 'Notifications',
    viewer,
    breadcrumbs: [{ text: 'Home', href: '/' }],
    content: html`<h1>Notifications</h1>
<p>${unread === 0 ? 'You have no unread notifications.' : `You have ${unread} unread ${unread === 1 ? 'notification' : 'notifications'}.`}</p>
${
  unread > 0
    ? html`<form method="post" action="/notifications/read">${csrfField(viewer)}<button class="nhsuk-button nhsuk-button--secondary" type="submit">Mark all as read</button></form>`
    : ''
}
<ul class="nhsuk-list">${items.map(
      (n) => html`<li><div class="nhsuk-card"><div class="nhsuk-card__content">
  <h2 class="nhsuk-card__heading nhsuk-heading-s">${n.read ? '' : html`<strong class="nhsuk-tag nhsuk-tag--blue">New</strong> `}${n.link ? html`<a href="${n.link}">${n.subject}</a>` : n.subject}</h2>
  <p class="nhsuk-card__description">${n.body}</p>
  <p class="nhsuk-body-s">${n.createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC</p>
</div></div></li>`,
    )}</ul>`,
  });
}

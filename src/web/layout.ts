/**
 * The page frame every Fairview page shares, in the NHS.UK design system's markup (v10): skip link,
 * header with the service name, search and sign-in/out, breadcrumbs, main landmark, footer.
 */
import { createHash } from 'node:crypto';
import { type Drawings, drawnOnce } from './drawn-once.ts';
import { type Html, html, raw } from './html.ts';
import type { Navigation } from './navigation.ts';

/** The design system's snippet that tells its CSS whether JavaScript modules run. */
const SUPPORTED_SNIPPET =
  "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' nhsuk-frontend-supported' : '');";

/** CSP allows that one inline script by hash, and nothing else inline. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  `script-src 'self' 'sha256-${createHash('sha256').update(SUPPORTED_SNIPPET).digest('base64')}'`,
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

export interface Crumb {
  text: string;
  href: string;
}

export interface Viewer {
  username: string;
  displayName: string;
  csrfToken: string;
  canViewImports: boolean;
  /**
   * The header links the policy gives this person (navigation.ts `navigationOf`, with the unread count
   * the session was read with). When absent, a signed-in person gets every link the pages themselves
   * then decide on.
   */
  navigation?: Navigation;
}

export interface PageOptions {
  title: string;
  viewer: Viewer | null;
  breadcrumbs?: Crumb[];
  query?: string;
  content: Html;
}

const NHS_LOGO = raw(
  '<svg class="nhsuk-header__logo" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 80" height="40" width="100" focusable="false" role="img" aria-label="NHS"><title>NHS</title><path fill="currentcolor" d="M200 0v80H0V0h200Zm-27.5 5.5c-14.5 0-29 5-29 22 0 10.2 7.7 13.5 14.7 16.3l.7.3c5.4 2 10.1 3.9 10.1 8.4 0 6.5-8.5 7.5-14 7.5s-12.5-1.5-16-3.5L135 70c5.5 2 13.5 3.5 20 3.5 15.5 0 32-4.5 32-22.5 0-19.5-25.5-16.5-25.5-25.5 0-5.5 5.5-6.5 12.5-6.5a35 35 0 0 1 14.5 3l4-13.5c-4.5-2-12-3-20-3Zm-131 2h-22l-14 65H22l9-45h.5l13.5 45h21.5l14-65H64l-9 45h-.5l-13-45Zm63 0h-18l-13 65h17l6-28H117l-5.5 28H129l13.5-65H125L119.5 32h-20l5-24.5Z"/></svg>',
);

const SEARCH_ICON = raw(
  '<svg class="nhsuk-icon nhsuk-icon--search" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16" height="16" focusable="false" aria-hidden="true"><path d="m20.7 18.9-4.1-4.1a7 7 0 1 0-1.4 1.4l4 4.1a1 1 0 0 0 1.5 0c.4-.4.4-1 0-1.4ZM6 10.6a5 5 0 1 1 10 0 5 5 0 0 1-10 0Z"/></svg>',
);

const USER_ICON = raw(
  '<svg class="nhsuk-icon nhsuk-icon--user" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16" height="16" focusable="false" aria-hidden="true"><path d="M12 1a11 11 0 1 1 0 22 11 11 0 0 1 0-22Zm0 2a9 9 0 0 0-5 16.5V18a4 4 0 0 1 4-4h2a4 4 0 0 1 4 4v1.5A9 9 0 0 0 12 3Zm0 3a3.5 3.5 0 1 1-3.5 3.5A3.4 3.4 0 0 1 12 6Z"/></svg>',
);

/** The hidden input every POST form carries; the server rejects a POST without the session's token. */
export function csrfField(viewer: Viewer | null): Html {
  return viewer ? html`<input type="hidden" name="csrf_token" value="${viewer.csrfToken}">` : html``;
}

function account(viewer: Viewer | null): Html {
  if (!viewer) {
    return html`<nav class="nhsuk-header__account" aria-label="Account">
      <ul class="nhsuk-header__account-list">
        <li class="nhsuk-header__account-item">
          <a class="nhsuk-header__account-link" href="/sign-in">${USER_ICON}Sign in</a>
        </li>
      </ul>
    </nav>`;
  }
  return html`<nav class="nhsuk-header__account" aria-label="Account">
      <ul class="nhsuk-header__account-list">
        <li class="nhsuk-header__account-item">${USER_ICON}${viewer.displayName}</li>
        <li class="nhsuk-header__account-item">
          <form class="nhsuk-header__account-form" action="/sign-out" method="post" novalidate>
            ${csrfField(viewer)}
            <button class="nhsuk-header__account-button">Sign out</button>
          </form>
        </li>
      </ul>
    </nav>`;
}

interface NavItem extends Crumb {
  /** Words after the link text for screen readers only (" unread notifications"). */
  hidden?: string;
}

/** The header's links: open data for everyone, the rest by what the policy lets the viewer see. */
export function navigationItems(viewer: Viewer | null): NavItem[] {
  const items: NavItem[] = [
    { text: 'Home', href: '/' },
    { text: 'Organisations', href: '/organisations' },
    // Published releases with disclosure control: open data.
    { text: 'Releases', href: '/releases' },
    // Committees, delegation, the register of interests and the decision log are published.
    { text: 'Governance', href: '/governance' },
  ];
  if (!viewer) return items;
  const nav = viewer.navigation;
  if (nav?.concerns ?? true) items.push({ text: 'Concerns', href: '/concerns' });
  const unread = nav?.unreadNotifications ?? null;
  items.push(
    unread
      ? {
          text: `Notifications (${unread >= 100 ? '99+' : unread})`,
          href: '/notifications',
          hidden: ' unread',
        }
      : { text: 'Notifications', href: '/notifications' },
  );
  if (nav?.schemes ?? true) items.push({ text: 'Schemes', href: '/schemes' });
  if (nav?.peerReviewGroups ?? false) items.push({ text: 'Peer review groups', href: '/peer-review-groups' });
  items.push({ text: 'Agreements', href: '/agreements' }, { text: 'Consultations', href: '/consultations' });
  items.push({ text: 'Obligations', href: '/obligations' });
  if (viewer.canViewImports) items.push({ text: 'Imports', href: '/imports' });
  return items;
}

function header(viewer: Viewer | null, query: string): Html {
  const items = navigationItems(viewer);
  return html`<header class="nhsuk-header" data-module="nhsuk-header" role="banner">
  <div class="nhsuk-header__container nhsuk-width-container">
    <div class="nhsuk-header__service">
      <a class="nhsuk-header__service-logo" href="/" aria-label="NHS Fairview homepage">
        ${NHS_LOGO}
        <span class="nhsuk-header__service-name">Fairview</span>
      </a>
    </div>
    <search class="nhsuk-header__search">
      <form class="nhsuk-header__search-form" id="search" action="/search" method="get" novalidate>
        <div class="nhsuk-form-group">
          <label class="nhsuk-label nhsuk-u-visually-hidden" for="search-field">Search practices by name, code or postcode</label>
          <div class="nhsuk-input-wrapper">
            <input class="nhsuk-input" id="search-field" name="q" type="search" autocomplete="off" placeholder="Search practices" value="${query}">
            <button class="nhsuk-button nhsuk-button--icon nhsuk-button--small" data-module="nhsuk-button" type="submit" aria-label="Search">${SEARCH_ICON}</button>
          </div>
        </div>
      </form>
    </search>
    ${account(viewer)}
  </div>
  <nav class="nhsuk-header__navigation" aria-label="Menu">
    <div class="nhsuk-header__navigation-container nhsuk-width-container">
      <ul class="nhsuk-header__navigation-list">
        ${items.map(
          (i) =>
            html`<li class="nhsuk-header__navigation-item"><a class="nhsuk-header__navigation-link" href="${i.href}">${i.text}${i.hidden ? html`<span class="nhsuk-u-visually-hidden">${i.hidden}</span>` : html``}</a></li>`,
        )}
        <li class="nhsuk-header__menu" hidden>
          <button class="nhsuk-header__menu-toggle nhsuk-header__navigation-link" id="toggle-menu" aria-expanded="false"><span class="nhsuk-u-visually-hidden">Browse </span>More</button>
        </li>
      </ul>
    </div>
  </nav>
</header>`;
}

function breadcrumbs(crumbs: Crumb[]): Html {
  const last = crumbs.at(-1);
  if (!last) return html``;
  return html`<nav class="nhsuk-breadcrumb" aria-label="Breadcrumb">
  <ol class="nhsuk-breadcrumb__list">
    ${crumbs.map(
      (c) =>
        html`<li class="nhsuk-breadcrumb__list-item"><a class="nhsuk-breadcrumb__link" href="${c.href}">${c.text}</a></li>`,
    )}
  </ol>
  <a class="nhsuk-back-link" href="${last.href}"><span class="nhsuk-u-visually-hidden">Back to </span>${last.text}</a>
</nav>`;
}

const FOOTER = html`<footer class="nhsuk-footer" role="contentinfo">
  <div class="nhsuk-width-container">
    <div class="nhsuk-footer__meta">
      <h2 class="nhsuk-u-visually-hidden">Support links</h2>
      <ul class="nhsuk-footer__list">
        <li class="nhsuk-footer__list-item"><a class="nhsuk-footer__list-item-link" href="/organisations">Organisations</a></li>
        <li class="nhsuk-footer__list-item"><a class="nhsuk-footer__list-item-link" href="/indicators">Indicators</a></li>
        <li class="nhsuk-footer__list-item"><a class="nhsuk-footer__list-item-link" href="/healthz">Service status</a></li>
      </ul>
      <p class="nhsuk-body-s">Fairview shows published NHS open data: NHS England and NHS Digital publications, OHID Fingertips. Contains public sector information licensed under the Open Government Licence v3.0.</p>
    </div>
  </div>
</footer>`;

export function page(options: PageOptions): string {
  const { title, viewer, content } = options;
  return `<!DOCTYPE html>${html`<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${title} – Fairview</title>
  <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
  <meta name="theme-color" content="#005eb8">
  <link rel="icon" href="/assets/images/favicon.ico" sizes="48x48">
  <link rel="icon" href="/assets/images/favicon.svg" sizes="any" type="image/svg+xml">
  <link rel="mask-icon" href="/assets/images/nhsuk-icon-mask.svg" color="#005eb8">
  <link rel="apple-touch-icon" href="/assets/images/nhsuk-icon-180.png">
  <link rel="manifest" href="/assets/manifest.json">
  <link rel="stylesheet" href="/nhsuk/nhsuk-frontend.min.css">
  <link rel="stylesheet" href="/fairview.css">
  <script type="module" src="/app.mjs"></script>
</head>
<body>
  <script>${raw(SUPPORTED_SNIPPET)}</script>
  <a class="nhsuk-skip-link" data-module="nhsuk-skip-link" href="#maincontent">Skip to main content</a>
  ${header(viewer, options.query ?? '')}
  <div class="nhsuk-width-container">
    ${breadcrumbs(options.breadcrumbs ?? [])}
    <main class="nhsuk-main-wrapper" id="maincontent">
      ${content}
    </main>
  </div>
  ${FOOTER}
</body>
</html>`}`;
}

/**
 * Where pageBytes puts the content. Found from the end: only the footer, which is ours, follows the
 * content, so a title or a name before it that happened to hold this text could not be taken for it.
 */
const CONTENT_MARK = '\u0000fairview-content\u0000';

/**
 * The page as UTF-8 bytes around content already encoded: what `page` writes, but for content a page
 * keeps from one request to the next (a signed-in viewer's indicator page, 0.2 MB), which then is not
 * encoded again on every request, only the viewer's header and the rest of the frame (~10 KB).
 */
export function pageBytes(options: Omit<PageOptions, 'content'>, content: Uint8Array): Buffer {
  const frame = page({ ...options, content: raw(CONTENT_MARK) });
  return drawnOnce(
    framedPages,
    content,
    frame,
    () => {
      const at = frame.lastIndexOf(CONTENT_MARK);
      return Buffer.concat([
        Buffer.from(frame.slice(0, at)),
        content,
        Buffer.from(frame.slice(at + CONTENT_MARK.length)),
      ]);
    },
    FRAMES,
  );
}

/**
 * The last few pages made of each content, by their frame: a viewer asking again for a page whose
 * content is kept (her frame is the same from one request to the next: her name, her session's form
 * token) is sent the bytes made for her last request, not a 0.2 MB copy made anew (`Buffer.concat`
 * was a sixth of the indicator page's time under load). A content no longer kept takes its pages with
 * it (the WeakMap); nothing writes to the bytes a response is given.
 */
const framedPages: Drawings<Uint8Array, Buffer> = new WeakMap();
const FRAMES = 4;

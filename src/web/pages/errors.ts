/** Pages for the requests we cannot serve. */
import { html } from '../html.ts';
import { page, type Viewer } from '../layout.ts';

export function notFoundPage(viewer: Viewer | null, what = 'Page not found'): string {
  return page({
    title: what,
    viewer,
    content: html`<h1>${what}</h1>
<p>If you typed the web address, check it is correct. Practice pages are at <code>/practices/</code> followed by the practice's ODS code, for example <a href="/practices/A81001">/practices/A81001</a>.</p>
<p><a href="/search">Search for a practice</a></p>`,
  });
}

export function forbiddenPage(viewer: Viewer | null, reason: string): string {
  return page({
    title: 'You do not have access to this page',
    viewer,
    content: html`<h1>You do not have access to this page</h1>
<p>${viewer ? 'Your account does not allow this.' : 'Sign in and try again.'}</p>
<p class="nhsuk-body-s">Reason: ${reason}.</p>
<p><a href="/">Go to the home page</a></p>`,
  });
}

export function serverErrorPage(): string {
  return page({
    title: 'Sorry, there is a problem with the service',
    viewer: null,
    content: html`<h1>Sorry, there is a problem with the service</h1><p>Try again later.</p>`,
  });
}

/** A feature this server cannot offer now (503), with what to do instead. */
export function unavailablePage(viewer: Viewer | null, title: string, message: string): string {
  return page({
    title,
    viewer,
    content: html`<h1>${title}</h1>
<p>${message}</p>`,
  });
}

/** The sign-in form. One generic message for every failure, so it never reveals which usernames exist. */
import { errorSummary, type FieldError } from '../components.ts';
import { html } from '../html.ts';
import { page } from '../layout.ts';

export function signInPage(options: {
  formToken: string;
  username: string;
  next: string;
  error: string | null;
}): string {
  const errors: FieldError[] = options.error ? [{ field: 'username', message: options.error }] : [];
  const invalid = errors.length > 0;
  return page({
    title: invalid ? 'Error: Sign in' : 'Sign in',
    viewer: null,
    breadcrumbs: [{ text: 'Home', href: '/' }],
    content: html`<div class="nhsuk-grid-row"><div class="nhsuk-grid-column-one-half">
${errorSummary(errors)}
<h1>Sign in</h1>
<form action="/sign-in" method="post" novalidate>
  <input type="hidden" name="form_token" value="${options.formToken}">
  <input type="hidden" name="next" value="${options.next}">
  <div class="nhsuk-form-group${invalid ? ' nhsuk-form-group--error' : ''}">
    <label class="nhsuk-label" for="username">Username</label>
    ${invalid ? html`<span class="nhsuk-error-message" id="username-error"><span class="nhsuk-u-visually-hidden">Error: </span>${options.error}</span>` : html``}
    <input class="nhsuk-input${invalid ? ' nhsuk-input--error' : ''}" id="username" name="username" type="text" autocomplete="username" spellcheck="false" value="${options.username}"${invalid ? html` aria-describedby="username-error"` : html``}>
  </div>
  <div class="nhsuk-form-group">
    <label class="nhsuk-label" for="password">Password</label>
    <input class="nhsuk-input" id="password" name="password" type="password" autocomplete="current-password">
  </div>
  <button class="nhsuk-button" data-module="nhsuk-button" type="submit">Sign in</button>
</form>
<p>Accounts are created by your Fairview administrator.</p>
</div></div>`,
  });
}

/** The home page: what Fairview is, and the practice search. */

import type { RoleAssignment } from '../../domain/roles.ts';
import { formatRole } from '../../domain/roles.ts';
import { html } from '../html.ts';
import { page, type Viewer } from '../layout.ts';
import { actionLink, searchForm } from './shared.ts';

export function homePage(viewer: Viewer | null, roles: RoleAssignment[]): string {
  return page({
    title: 'Home',
    viewer,
    content: html`<div class="nhsuk-grid-row"><div class="nhsuk-grid-column-two-thirds">
  <h1>Fairview</h1>
  <p class="nhsuk-lede-text">Fair, open benchmarking of GP practices in England, from published NHS data.</p>
  ${searchForm({ id: 'practice-search', query: '', headingLevel: 2 })}
  ${actionLink('/organisations', 'Browse practices by region, ICB, sub-ICB location and PCN')}
  ${
    viewer
      ? html`<h2>Your access</h2>
  <p>You are signed in as ${viewer.displayName}.</p>
  <ul>${roles.map((r) => html`<li>${formatRole(r)}</li>`)}</ul>
  ${viewer.canViewImports ? html`<p><a href="/imports">Import history</a></p>` : html``}`
      : html`<p>Practice pages and the organisation browser are open to everyone. <a href="/sign-in">Sign in</a> to see more.</p>`
  }
</div></div>`,
  });
}

// A page and its JSON twin under /api/ (issue 17, point 2) must let in and keep out the same people:
// for one browser (a visitor, or someone signed in), the twin answers 200 where the page shows (or
// sends on to another page), 401 where the page sends a visitor to sign in, and the page's own 403 or
// 404 otherwise — as problem details. Returns the twin's JSON when it answered 200.
import assert from 'node:assert/strict';
import type { TestBrowser } from './client.ts';

export async function assertTwinParity(browser: TestBrowser, page: string, who: string): Promise<unknown> {
  const shown = await browser.get(page);
  const twin = await browser.get(`/api${page}`);
  const location = shown.headers.get('location') ?? '';
  const expected =
    shown.status === 303 && location.startsWith('/sign-in') ? 401 : shown.status === 303 ? 200 : shown.status;
  assert.equal(twin.status, expected, `${who}: ${page} answered ${shown.status}, its twin ${twin.status}`);
  const type = twin.headers.get('content-type') ?? '';
  if (twin.status === 200) {
    assert.match(type, /^application\/json/, `${who}: /api${page} is JSON`);
    return twin.json();
  }
  assert.match(type, /^application\/problem\+json/, `${who}: /api${page} refuses as problem details`);
  return null;
}

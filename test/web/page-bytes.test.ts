// A page sent as bytes around content already encoded (src/web/layout.ts, `pageBytes`): byte for byte
// what `page` writes, for whoever asks, and the bytes made for a viewer's frame given again to her next
// request rather than copied anew.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { html } from '../../src/web/html.ts';
import { page, pageBytes, type Viewer } from '../../src/web/layout.ts';

const viewer = (name: string, csrfToken: string): Viewer => ({
  username: name,
  displayName: `${name} (practice manager)`,
  csrfToken,
  canViewImports: false,
});

it('is the page `page` writes, for each viewer, and the same bytes again for the same frame', () => {
  const content = html`<h1>England – every practice’s figures ÷ its list</h1>`;
  const encoded = Buffer.from(content.value);
  const viewers = [null, viewer('ana', 'token-a'), viewer('ben', 'token-b'), viewer('ana', 'token-a2')];
  const sent = viewers.map((v) => pageBytes({ title: 'Hypertension, 2024-25', viewer: v }, encoded));
  viewers.forEach((v, i) => {
    assert.deepEqual(sent[i], Buffer.from(page({ title: 'Hypertension, 2024-25', viewer: v, content })));
  });
  assert.equal(new Set(sent.map((b) => b.toString())).size, viewers.length, 'each viewer her own frame');
  // Her next request, her frame unchanged: the bytes made for the first.
  assert.equal(pageBytes({ title: 'Hypertension, 2024-25', viewer: viewers[1]! }, encoded), sent[1]);
  // Another title is another frame.
  const other = pageBytes({ title: 'Diabetes, 2024-25', viewer: viewers[1]! }, encoded);
  assert.notEqual(other, sent[1]);
  assert.deepEqual(other, Buffer.from(page({ title: 'Diabetes, 2024-25', viewer: viewers[1]!, content })));
});

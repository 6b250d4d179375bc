// drawnOnce (src/web/drawn-once.ts) keeps what a page drew from a view object, under
// the key of everything else it was drawn from, and at most 32 drawings a view.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { type Drawings, drawnOnce } from '../../src/web/drawn-once.ts';
import { type Html, html } from '../../src/web/html.ts';

it('draws once per view and key, and keeps the 32 latest of a view', () => {
  const drawings: Drawings<object> = new WeakMap();
  const view = {};
  const other = {};
  let draws = 0;
  const draw = (key: string): Html => {
    draws++;
    return html`<svg>${key}</svg>`;
  };
  const first = drawnOnce(drawings, view, 'a', () => draw('a'));
  assert.equal(
    drawnOnce(drawings, view, 'a', () => draw('a')),
    first,
  );
  assert.equal(draws, 1);
  assert.notEqual(
    drawnOnce(drawings, other, 'a', () => draw('a')),
    first,
    'another view draws its own',
  );
  assert.equal(draws, 2);
  for (let k = 0; k < 32; k++) drawnOnce(drawings, view, `k${k}`, () => draw(`k${k}`));
  assert.equal(draws, 34);
  drawnOnce(drawings, view, 'k31', () => draw('k31'));
  assert.equal(draws, 34, 'the latest are kept');
  drawnOnce(drawings, view, 'a', () => draw('a'));
  assert.equal(draws, 35, 'the oldest was dropped, so it is drawn again');
});

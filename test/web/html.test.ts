// The template tag escapes every interpolated value unless it is already Html; text with nothing to
// escape, and numbers, pass through without a replace (issue 15: the indicator page's cold render
// spent most of its time in escapeHtml's replace over thousands of table cells).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeHtml, html, raw } from '../../src/web/html.ts';

describe('the html tag', () => {
  it('escapes markup in text and leaves plain text, numbers and Html as they are', () => {
    assert.equal(
      escapeHtml(`O'Brien & Co <Surgery> "A"`),
      'O&#39;Brien &amp; Co &lt;Surgery&gt; &quot;A&quot;',
    );
    assert.equal(escapeHtml('THE DENSHAM SURGERY'), 'THE DENSHAM SURGERY');
    assert.equal(escapeHtml(''), '');
    assert.equal(
      html`<td data-sort="${14.461538461538462}">${'<b>&'}${raw('<i>x</i>')}${[1, '>', null, false]}</td>`
        .value,
      '<td data-sort="14.461538461538462">&lt;b&gt;&amp;<i>x</i>1&gt;</td>',
    );
    // Twice in a row: the test regex has no global state to carry over.
    assert.equal(escapeHtml('a&b'), 'a&amp;b');
    assert.equal(escapeHtml('a&b'), 'a&amp;b');
  });
});

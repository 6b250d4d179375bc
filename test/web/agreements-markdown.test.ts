import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderMarkdown } from '../../src/web/pages/agreements/markdown.ts';

const md = (text: string, topHeading?: number): string => renderMarkdown(text, { topHeading }).toString();

describe('the agreement Markdown renderer', () => {
  it('renders headings below the page’s own, paragraphs, lists and emphasis', () => {
    assert.equal(
      md(
        '# Scope\n\nPractices **must** share *aggregate* data\nonly.\n\n- one\n- two\n  continued\n\n1. first\n2. second',
        4,
      ),
      [
        '<h4>Scope</h4>',
        '<p>Practices <strong>must</strong> share <em>aggregate</em> data only.</p>',
        '<ul class="nhsuk-list nhsuk-list--bullet"><li>one</li><li>two continued</li></ul>',
        '<ol class="nhsuk-list nhsuk-list--number"><li>first</li><li>second</li></ol>',
      ].join('\n'),
    );
  });

  it('lets no HTML through: tags, attributes and entities are shown as text', () => {
    const out = md('<script>alert(1)</script>\n\n<img src=x onerror="alert(1)"> & **<b>bold</b>**');
    assert.ok(!out.includes('<script>'));
    assert.ok(!out.includes('<img'));
    assert.ok(!out.includes('<b>'));
    assert.match(out, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(
      out,
      /&lt;img src=x onerror=&quot;alert\(1\)&quot;&gt; &amp; <strong>&lt;b&gt;bold&lt;\/b&gt;<\/strong>/,
    );
  });

  it('shows links as written rather than making them clickable (no javascript: URLs)', () => {
    const out = md('[click](javascript:alert(1))');
    assert.equal(out, '<p>[click](javascript:alert(1))</p>');
  });

  it('keeps words with underscores and lone asterisks as they are', () => {
    assert.equal(md('see snake_case_name and 2 * 3 * 4'), '<p>see snake_case_name and 2 * 3 * 4</p>');
  });

  it('caps deep headings at h6', () => {
    assert.equal(md('#### Deep', 4), '<h6>Deep</h6>');
  });
});

/**
 * A deliberately small Markdown renderer for agreement text: headings, paragraphs, bulleted and
 * numbered lists, **strong**, *emphasis* and `code`. Every character of the source is escaped first
 * and only our own tags are added afterwards, so no HTML in an agreement (raw tags, attributes,
 * `javascript:` links) can ever reach the page: there is nothing to sanitise because nothing passes.
 * Links and images are not part of the subset; their text shows as written.
 */
import { escapeHtml, type Html, raw } from '../../html.ts';

function inline(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*(?=\S)([^*]*?\S)\*\*/g, '<strong>$1</strong>')
    .replace(/__(?=\S)([^_]*?\S)__/g, '<strong>$1</strong>')
    .replace(/(^|[^*\w])\*(?=\S)([^*]*?\S)\*(?![*\w])/g, '$1<em>$2</em>')
    .replace(/(^|[^_\w])_(?=\S)([^_]*?\S)_(?![_\w])/g, '$1<em>$2</em>');
}

type Block =
  | { kind: 'heading'; level: number; text: string }
  | { kind: 'paragraph'; lines: string[] }
  | { kind: 'list'; ordered: boolean; items: string[] };

function blocks(markdown: string): Block[] {
  const out: Block[] = [];
  let current: Block | null = null;
  const flush = (): void => {
    if (current) out.push(current);
    current = null;
  };
  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const heading = /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
    const bullet = /^\s{0,3}[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s{0,3}\d{1,9}[.)]\s+(.*)$/.exec(line);
    if (line.trim() === '') {
      flush();
    } else if (heading) {
      flush();
      out.push({ kind: 'heading', level: heading[1]!.length, text: heading[2]! });
    } else if (bullet || numbered) {
      const ordered = !bullet;
      const text = (bullet ?? numbered)![1]!;
      const c = current as Block | null;
      if (c?.kind === 'list' && c.ordered === ordered) c.items.push(text);
      else {
        flush();
        current = { kind: 'list', ordered, items: [text] };
      }
    } else {
      const c = current as Block | null;
      if (c?.kind === 'list' && /^\s+\S/.test(line)) {
        // A continuation line of the last list item.
        c.items[c.items.length - 1] += ` ${line.trim()}`;
      } else if (c?.kind === 'paragraph') {
        c.lines.push(line.trim());
      } else {
        flush();
        current = { kind: 'paragraph', lines: [line.trim()] };
      }
    }
  }
  flush();
  return out;
}

/**
 * `topHeading`: the HTML level a `#` heading in the text becomes (deeper ones follow, capped at h6),
 * so text inside a clause under an h3 starts at h4 and the page's outline stays whole.
 */
export function renderMarkdown(markdown: string, options: { topHeading?: number } = {}): Html {
  const top = options.topHeading ?? 3;
  const parts = blocks(markdown).map((b) => {
    if (b.kind === 'heading') {
      const level = Math.min(6, top + b.level - 1);
      return `<h${level}>${inline(b.text)}</h${level}>`;
    }
    if (b.kind === 'list') {
      const tag = b.ordered ? 'ol' : 'ul';
      const cls = b.ordered ? 'nhsuk-list nhsuk-list--number' : 'nhsuk-list nhsuk-list--bullet';
      return `<${tag} class="${cls}">${b.items.map((i) => `<li>${inline(i)}</li>`).join('')}</${tag}>`;
    }
    return `<p>${inline(b.lines.join(' '))}</p>`;
  });
  return raw(parts.join('\n'));
}

/**
 * Making Data Count's variation and assurance icons, drawn here as simple SVG (no files fetched):
 * a coloured circle with a letter — H or L for special cause high or low (blue improvement, orange
 * concern, purple neutral), a wave for common cause (grey); P pass (blue), F fail (orange) and ?
 * hit-and-miss (grey) for assurance. Each names itself in words, so the icon never stands alone.
 */
import { type Html, html } from '../html.ts';
import { INK } from './palette.ts';

export const MDC_COLOURS = {
  improvement: '#005eb8',
  concern: '#ed8b00',
  neutral: '#330072',
  common: '#aeb7bd',
} as const;

interface IconLook {
  fill: string;
  ink: string;
  letter: string;
  label: string;
}

const VARIATION: Record<string, IconLook> = {
  'common_cause.svg': {
    fill: MDC_COLOURS.common,
    ink: INK,
    letter: '~',
    label: 'Common cause variation: no significant change',
  },
  'improvement_high.svg': {
    fill: MDC_COLOURS.improvement,
    ink: '#ffffff',
    letter: 'H',
    label: 'Special cause variation, improvement: higher values',
  },
  'improvement_low.svg': {
    fill: MDC_COLOURS.improvement,
    ink: '#ffffff',
    letter: 'L',
    label: 'Special cause variation, improvement: lower values',
  },
  'concern_high.svg': {
    fill: MDC_COLOURS.concern,
    ink: INK,
    letter: 'H',
    label: 'Special cause variation, concern: higher values',
  },
  'concern_low.svg': {
    fill: MDC_COLOURS.concern,
    ink: INK,
    letter: 'L',
    label: 'Special cause variation, concern: lower values',
  },
  'neutral_high.svg': {
    fill: MDC_COLOURS.neutral,
    ink: '#ffffff',
    letter: 'H',
    label: 'Special cause variation, neither improvement nor concern: higher values',
  },
  'neutral_low.svg': {
    fill: MDC_COLOURS.neutral,
    ink: '#ffffff',
    letter: 'L',
    label: 'Special cause variation, neither improvement nor concern: lower values',
  },
};

const ASSURANCE: Record<string, IconLook> = {
  'pass.svg': {
    fill: MDC_COLOURS.improvement,
    ink: '#ffffff',
    letter: 'P',
    label: 'Assurance: the process will consistently pass the target',
  },
  'fail.svg': {
    fill: MDC_COLOURS.concern,
    ink: INK,
    letter: 'F',
    label: 'Assurance: the process will consistently fail the target',
  },
  'inconsistent.svg': {
    fill: MDC_COLOURS.common,
    ink: INK,
    letter: '?',
    label: 'Assurance: the process will hit and miss the target',
  },
};

export function variationLabel(icon: string | null): string {
  return icon ? (VARIATION[icon]?.label ?? icon) : 'Variation not assessed';
}

export function assuranceLabel(icon: string | null): string {
  return icon ? (ASSURANCE[icon]?.label ?? icon) : 'No target set, so no assurance icon';
}

function icon(look: IconLook, size: number, id: string): Html {
  return html`<svg class="fairview-mdc-icon" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40" width="${size}" height="${size}" role="img" aria-labelledby="${id}" focusable="false"><title id="${id}">${look.label}</title><circle cx="20" cy="20" r="18" fill="#ffffff" stroke="${look.fill}" stroke-width="3"/><circle cx="20" cy="20" r="14" fill="${look.fill}"/><text x="20" y="27" text-anchor="middle" font-family="Arial, sans-serif" font-size="20" font-weight="bold" fill="${look.ink}">${look.letter}</text></svg>`;
}

export function variationIcon(name: string | null, id: string, size = 40): Html {
  const look = name ? VARIATION[name] : undefined;
  return look ? icon(look, size, id) : html``;
}

export function assuranceIcon(name: string | null, id: string, size = 40): Html {
  const look = name ? ASSURANCE[name] : undefined;
  return look ? icon(look, size, id) : html``;
}

/**
 * Comparison colours from the NHS identity palette, as Fingertips uses them: green better, amber
 * similar, red worse, light and dark blue for higher/lower where no judgement is made. Each carries a
 * text colour with at least 4.5:1 contrast on it and a one-letter code, so colour is never the only sign.
 */
export type ComparisonKey = 'better' | 'similar' | 'worse' | 'higher' | 'lower' | 'not_compared';

export interface ComparisonStyle {
  fill: string;
  text: string;
  /** A single character drawn in cells and markers. */
  code: string;
  label: string;
}

export const COMPARISON_STYLES: Record<ComparisonKey, ComparisonStyle> = {
  better: { fill: '#007f3b', text: '#ffffff', code: 'B', label: 'Better' },
  similar: { fill: '#ffb81c', text: '#212b32', code: 'S', label: 'Similar' },
  worse: { fill: '#d5281b', text: '#ffffff', code: 'W', label: 'Worse' },
  higher: { fill: '#005eb8', text: '#ffffff', code: 'H', label: 'Higher' },
  lower: { fill: '#41b6e6', text: '#212b32', code: 'L', label: 'Lower' },
  not_compared: { fill: '#e8edee', text: '#212b32', code: '–', label: 'Not compared' },
};

export function comparisonStyle(key: string | null | undefined): ComparisonStyle {
  return COMPARISON_STYLES[(key ?? 'not_compared') as ComparisonKey] ?? COMPARISON_STYLES.not_compared;
}

export const INK = '#212b32';
export const GREY_1 = '#4c6272';
export const GREY_3 = '#aeb7bd';
export const GREY_4 = '#d8dde0';
export const GREY_5 = '#f0f4f5';
export const NHS_BLUE = '#005eb8';
export const HIGHLIGHT = '#330072'; // NHS purple: the selected practice

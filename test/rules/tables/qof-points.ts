import { achievementPercent, pointsForAchievement } from '../../../src/domain/schemes/qof-rules.ts';
import type { RuleTable } from '../rule-table.ts';

const twoPlaces = (n: number): string => n.toFixed(2);

export const qofPoints: RuleTable = {
  id: 'qof-points',
  title: 'QOF points for an achievement',
  says:
    'Achievement is the numerator over the denominator net of personalised care adjustments. It earns ' +
    'nothing at or below the lower threshold, every point at or above the upper one, and a straight-line ' +
    'share in between: points × (achievement − lower) ÷ (upper − lower).',
  source: 'src/domain/schemes/qof-rules.ts',
  columns: [
    'numerator',
    'denominator (after PCAs)',
    'lower %',
    'upper %',
    'points',
    'achievement %',
    'points earned',
  ],
  inputs: 5,
  rows: [
    ['0', '0', '40', '77', '14', 'none', '0.00'],
    ['30', '100', '40', '77', '14', '30.00', '0.00'],
    ['40', '100', '40', '77', '14', '40.00', '0.00'],
    ['50', '100', '40', '77', '14', '50.00', '3.78'],
    ['585', '1,000', '40', '77', '14', '58.50', '7.00'],
    ['77', '100', '40', '77', '14', '77.00', '14.00'],
    ['95', '100', '40', '77', '14', '95.00', '14.00'],
    ['45', '60', '45', '70', '10', '75.00', '10.00'],
  ],
  decide: ([numerator, denominator, lower, upper, points]) => {
    const n = (s: string | undefined) => Number(s!.replace(/,/g, ''));
    const achievement = achievementPercent(n(numerator), n(denominator));
    const earned =
      achievement === null ? 0 : pointsForAchievement(achievement, n(lower), n(upper), n(points));
    return [achievement === null ? 'none' : twoPlaces(achievement), twoPlaces(earned)];
  },
};

/**
 * How a release's figures are published to one viewer (docs/security.md): every row whose organisation
 * the policy does not let the viewer see in full (view_restricted_practice on that organisation: a
 * visitor sees none, a practice manager her practice, a commissioning manager her sub-ICB location and
 * what is beneath it) is published under the disclosure rule; in a draft such rows are withheld. Only
 * an administrator gets no control at all (null). The benchmarking pages and a concern's frozen data
 * pack ask the same question here, so a figure is controlled the same way wherever it is drawn.
 */
import type { UserAccount } from '../../app/auth/users.ts';
import {
  type Disclosure,
  type DisclosureControl,
  disclosurePatterns,
  openOrganisations,
} from '../../app/benchmarking/disclosure.ts';
import { findReleaseById } from '../../app/benchmarking/queries.ts';
import type { Db, Release } from '../../app/db.ts';
import { DEFAULT_DISCLOSURE_RULE, type DisclosureRule } from '../../domain/disclosure/index.ts';
import { can } from '../../domain/policy.ts';
import { practiceCounts } from './disclose.ts';

export async function viewerControl(
  db: Db,
  user: UserAccount | null,
  release: Release,
  rule: DisclosureRule,
): Promise<DisclosureControl | null> {
  if (user?.roles.some((r) => r.role === 'administrator')) return null;
  const reached = (user?.roles ?? [])
    .flatMap((r) => (r.organisationCode ? [r.organisationCode] : []))
    .filter((code) => can(user, 'view_restricted_practice', { organisationCode: code }).allowed);
  const open = await openOrganisations(db, release, reached);
  return { rule, open, withhold: release.status === 'draft' };
}

/**
 * Which of a funnel's points a viewer may see drawn, and from which counts: the published counts of a
 * practice whose figures are controlled for this viewer, or null (not drawn) when a count behind its
 * value is suppressed. A dot's position is its value and denominator, so a dot drawn from exact counts
 * gives them back as surely as a table would.
 */
export type PointControl = (
  code: string,
  numerator: number,
  denominator: number,
) => { numerator: number; denominator: number } | null;

/**
 * The point control of one indicator and period of a release for this viewer (a concern's frozen
 * funnel); null when the viewer sees every figure in full. A release no longer there draws no point.
 */
export async function pointControl(
  db: Db,
  user: UserAccount | null,
  releaseId: number | null,
  indicatorId: number | null,
  period: string | null,
  rule: DisclosureRule = DEFAULT_DISCLOSURE_RULE,
): Promise<PointControl | null> {
  const release = releaseId === null ? null : await findReleaseById(db, releaseId);
  if (!release || indicatorId === null || period === null) return () => null;
  const control = await viewerControl(db, user, release, rule);
  if (!control) return null;
  const patterns = await disclosurePatterns(
    db,
    release,
    control.rule,
    [{ indicatorId, period }],
    control.open,
    control.withhold ?? false,
  );
  return pointControlOf(patterns(indicatorId, period));
}

/** The point control of one indicator and period's disclosure for a viewer. */
export function pointControlOf(d: Disclosure): PointControl {
  return (code, numerator, denominator) => {
    const c = practiceCounts(d, code, numerator, denominator);
    return c.derivedShown && c.numerator !== null && c.denominator !== null
      ? { numerator: c.numerator, denominator: c.denominator }
      : null;
  };
}

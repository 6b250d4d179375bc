/**
 * Peer groups at England scale (issue 4): the 20 nearest of every practice among 6,500 (42 million
 * distances), their explanations, and the same on the real registrations (July 2026), IMD 2025 and
 * the rurality in NHS Payments to General Practice 2022-23. The baseline builds the standardised
 * feature space, which every task needs and which only reads each profile once.
 *
 * Also times the case-mix model on a real indicator (QOF 2024-25 dementia), beside its own baseline of
 * summing the registration rows every practice's covariates come from.
 */
import type { CaseMixUnit, PopulationCount } from '../src/domain/casemix/index.ts';
import { broadPopulation, caseMixComparison, fitCaseMixModel } from '../src/domain/casemix/index.ts';
import {
  explainPeers,
  findPeers,
  type PracticeProfile,
  peerFeatureSpace,
  practiceProfile,
} from '../src/domain/peer-groups/index.ts';
import { readImport } from '../src/ingest/read.ts';
import { NHS_DATA } from '../test/support/nhs-data.ts';
import { type Harness, seededRandom } from './harness.ts';

const PRACTICES = 6500;
const NHS = NHS_DATA;

function syntheticProfiles(count: number): PracticeProfile[] {
  const random = seededRandom(7);
  return Array.from({ length: count }, (_, i) => {
    const old = 0.05 + 0.3 * random();
    const children = 0.1 + 0.15 * random();
    const working = 1 - old - children;
    return {
      code: `A${String(i).padStart(5, '0')}`,
      listSize: Math.round(1000 + 29000 * random() ** 1.8),
      ageShares: {
        '0-14': children,
        '15-44': working * 0.6,
        '45-64': working * 0.4,
        '65-74': old * 0.55,
        '75+': old * 0.45,
      },
      imdScore: 5 + 50 * random(),
      rural: random() < 0.15 ? true : random() < 0.02 ? null : false,
    };
  });
}

interface RealData {
  profiles: PracticeProfile[];
  dementia: CaseMixUnit[];
}

async function realData(): Promise<RealData> {
  const populations = new Map<string, PopulationCount[]>();
  for await (const r of readImport(`${NHS}/registrations/gp-reg-pat-prac-quin-age.csv`).records) {
    if (r.kind !== 'population') continue;
    const rows = populations.get(r.practiceCode) ?? [];
    rows.push({ sex: r.sex, ageBand: r.ageBand, patients: r.patients });
    populations.set(r.practiceCode, rows);
  }
  const imd = new Map<string, number>();
  for await (const r of readImport(`${NHS}/fingertips/imd-2025-by-practice.csv`).records) {
    if (r.kind === 'imd_score') imd.set(r.practiceCode, r.score);
  }
  const rurality = new Map<string, string | null>();
  for await (const r of readImport(`${NHS}/payments/nhs-payments-to-general-practice-2022-23.csv`).records) {
    if (r.kind === 'organisation') rurality.set(r.code, r.rurality);
  }
  const dementia: CaseMixUnit[] = [];
  for await (const r of readImport(`${NHS}/qof/PREVALENCE_2425.csv`).records) {
    if (r.kind !== 'qof_prevalence' || r.groupCode !== 'DEM') continue;
    dementia.push({
      code: r.practiceCode,
      observed: r.register,
      denominator: r.patientListSize > 0 ? r.patientListSize : null,
      population: populations.get(r.practiceCode) ?? [],
      imdScore: imd.get(r.practiceCode) ?? null,
    });
  }
  const profiles = [...populations].map(([code, population]) =>
    practiceProfile({
      code,
      population,
      imdScore: imd.get(code) ?? null,
      rurality: rurality.get(code) ?? null,
    }),
  );
  return { profiles, dementia };
}

export default async function peersBench(h: Harness): Promise<void> {
  const count = h.size(PRACTICES, 50);
  const profiles = syntheticProfiles(count);
  const pairs = count * (count - 1);
  h.group(
    `Peer groups: ${count.toLocaleString('en-GB')} synthetic practices, 20 peers each (rows = ordered pairs)`,
  );
  await h.baseline('standardise the features (peerFeatureSpace)', pairs, () => peerFeatureSpace(profiles));
  const space = peerFeatureSpace(profiles);
  const warmup = () => findPeers(syntheticProfiles(200), { n: 20 });
  await h.task('findPeers, n = 20, on the feature space', pairs, () => findPeers(space, { n: 20 }).length, {
    warmup,
  });
  await h.task('findPeers, n = 50, from profiles', pairs, () => findPeers(profiles, { n: 50 }).length);
  const groups = findPeers(space, { n: 20 });
  await h.task('explainPeers for every practice', pairs, () => {
    let chars = 0;
    for (const g of groups) chars += explainPeers(g.code, g.peers, space).text.length;
    return chars;
  });

  if (h.scale < 1) return; // the real files are fixed in size: only at full scale
  const real = await realData();
  const n = real.profiles.length;
  h.group(
    `Peer groups on real data: ${n.toLocaleString('en-GB')} practices (registrations 2026, IMD 2025, rurality)`,
  );
  await h.baseline('standardise the features (peerFeatureSpace)', n * (n - 1), () =>
    peerFeatureSpace(real.profiles),
  );
  await h.task('findPeers, n = 20', n * (n - 1), () => findPeers(real.profiles, { n: 20 }).length);

  const units = real.dementia;
  h.group(
    `Case-mix model: QOF 2024-25 dementia, ${units.length.toLocaleString('en-GB')} practices (rows = practices)`,
  );
  await h.baseline('sum every practice’s registration rows into bands', units.length, () =>
    units.reduce((s, u) => s + broadPopulation(u.population).total, 0),
  );
  await h.task('fitCaseMixModel (IRLS, 11 terms)', units.length, () => fitCaseMixModel(units).iterations);
  await h.task(
    'caseMixComparison (fit, expected, SR funnel, CIs)',
    units.length,
    () => caseMixComparison(units).units.length,
  );
}

// Peer groups for a release (src/domain/peer-groups): each practice's N most similar practices
// nationally, from its latest profile — list size and age structure from the latest registrations
// extract, the latest IMD score, rurality as published (NHS Payments) — with the plain-English
// explanation stored beside them. One peer group per practice per release: comparisons with peers
// in earlier periods use the same group (the practices most like it now).
import type { Kysely } from 'kysely';
import {
  explainPeers,
  findPeers,
  type PracticeProfile,
  peerFeatureSpace,
  practiceProfile,
} from '../../domain/peer-groups/index.ts';
import type { Database } from '../../store/schema.ts';
import { compareText } from '../indicators/catalogue.ts';
import { CaseMixInputs } from './casemix-inputs.ts';
import type { ReleaseSink } from './sink.ts';

export const DEFAULT_PEER_COUNT = 20;

/** Writes peer and peer_group rows; returns practice → peer codes (nearest first), or null with no profiles. */
export async function computePeerGroups(
  db: Kysely<Database>,
  sink: ReleaseSink,
  n: number,
): Promise<Map<string, string[]> | null> {
  const profiles = await latestProfiles(db);
  if (profiles.length < 2) return null;
  const space = peerFeatureSpace(profiles);
  const groups = findPeers(space, { n });
  const out = new Map<string, string[]>();
  for (const group of groups) {
    out.set(
      group.code,
      group.peers.map((p) => p.code),
    );
    for (const peer of group.peers) {
      sink.add('peer', {
        practice_code: group.code,
        peer_code: peer.code,
        rank: peer.rank,
        distance: peer.distance,
      });
    }
    const profile = profiles[space.indexOf.get(group.code)!]!;
    sink.add('peer_group', {
      practice_code: group.code,
      explanation: explainPeers(group.code, group.peers, space).text,
      profile: JSON.stringify(profile),
    });
  }
  await sink.drain();
  return out;
}

async function latestProfiles(db: Kysely<Database>): Promise<PracticeProfile[]> {
  const latest = await db
    .selectFrom('population')
    .select(({ fn }) => fn.max('extract_date').as('d'))
    .executeTakeFirst();
  if (!latest?.d) return [];
  const inputs = await CaseMixInputs.load(db);
  const sources = await inputs.forDate(latest.d);
  const imdYear = await db
    .selectFrom('imd_score')
    .select(({ fn }) => fn.max('imd_year').as('y'))
    .executeTakeFirst();
  const imd = imdYear?.y
    ? new Map(
        (
          await db
            .selectFrom('imd_score')
            .select(['practice_code', 'score'])
            .where('imd_year', '=', imdYear.y)
            .execute()
        ).map((r) => [r.practice_code, r.score] as const),
      )
    : new Map<string, number>();
  const rurality = new Map(
    (
      await db
        .selectFrom('organisation')
        .select(['code', 'rurality'])
        .where('kind', '=', 'practice')
        .execute()
    ).map((r) => [r.code, r.rurality] as const),
  );
  return [...sources.population.keys()].sort(compareText).map((code) =>
    practiceProfile({
      code,
      population: sources.population.get(code)!,
      imdScore: imd.get(code) ?? null,
      rurality: rurality.get(code) ?? null,
    }),
  );
}

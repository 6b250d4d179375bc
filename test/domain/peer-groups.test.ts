import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  findPeers,
  type PracticeProfile,
  parseRurality,
  peerFeatureSpace,
  practiceProfile,
} from '../../src/domain/peer-groups/index.ts';
import { seededRandom } from './casemix-synthetic-population.ts';

const SHARES = { '0-14': 0.18, '15-44': 0.4, '45-64': 0.25, '65-74': 0.09, '75+': 0.08 };

/** A practice that differs from the others only where told to. */
function profile(code: string, changes: Partial<PracticeProfile> = {}): PracticeProfile {
  return { code, listSize: 8000, ageShares: SHARES, imdScore: 20, rural: false, ...changes };
}

function shuffle<T>(items: readonly T[], seed: number): T[] {
  const random = seededRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('Peer groups: the N nearest practices in standardised features', () => {
  it('matches a hand calculation when only deprivation differs', () => {
    // IMD 10, 20, 30, 40: mean 25, SD √125 (population SD), so neighbours are 10/√125 = 0.894 apart.
    const profiles = [10, 20, 30, 40].map((imd, i) => profile(`P${i}`, { imdScore: imd }));
    const groups = findPeers(profiles, { n: 2 });
    const step = 10 / Math.sqrt(125);
    const near = (a: number, b: number) => Math.abs(a - b) < 1e-12;
    assert.deepEqual(
      groups.map((g) => g.code),
      ['P0', 'P1', 'P2', 'P3'],
    );
    assert.deepEqual(
      groups[0]!.peers.map((p) => p.code),
      ['P1', 'P2'],
    );
    assert.ok(near(groups[0]!.peers[0]!.distance, step));
    assert.ok(near(groups[0]!.peers[1]!.distance, 2 * step));
    assert.deepEqual(
      groups[0]!.peers.map((p) => p.rank),
      [1, 2],
    );
    // P1's two neighbours are both one step away (equal up to rounding in the last bit).
    assert.deepEqual(groups[1]!.peers.map((p) => p.code).sort(), ['P0', 'P2']);
    assert.ok(groups[1]!.peers.every((p) => near(p.distance, step)));
    assert.deepEqual(
      groups[3]!.peers.map((p) => p.code),
      ['P2', 'P1'],
    );
  });

  it('breaks exact ties in distance by practice code', () => {
    // B, C and D are identical, so all three are exactly as far from A: the lower codes win.
    const profiles = [
      profile('A', { imdScore: 40 }),
      profile('D', { imdScore: 20 }),
      profile('C', { imdScore: 20 }),
      profile('B', { imdScore: 20 }),
    ];
    const a = findPeers(profiles, { n: 2 }).find((g) => g.code === 'A')!;
    assert.deepEqual(
      a.peers.map((p) => p.code),
      ['B', 'C'],
    );
    const c = findPeers(profiles, { n: 2 }).find((g) => g.code === 'C')!;
    assert.deepEqual(
      c.peers.map((p) => [p.code, p.distance]),
      [
        ['B', 0],
        ['D', 0],
      ],
    );
  });

  it('standardises each feature, so units do not matter: list size (log) and IMD weigh the same per SD', () => {
    // Two features vary; P1 is one SD away in list size, P2 one SD away in IMD: a tie, broken by code.
    const space = peerFeatureSpace([
      profile('P0', { listSize: 8000, imdScore: 20 }),
      profile('P1', { listSize: 16000, imdScore: 20 }),
      profile('P2', { listSize: 8000, imdScore: 40 }),
    ]);
    const d = space.features.length;
    const lsd = space.sds[0]!;
    const imdSd = space.sds[d - 2]!;
    assert.ok(Math.abs(lsd - Math.sqrt(2 / 9) * Math.log(2)) < 1e-12);
    assert.ok(Math.abs(imdSd - Math.sqrt(2 / 9) * 20) < 1e-12);
    const [p0] = findPeers(space, { n: 2 });
    assert.deepEqual(
      p0!.peers.map((p) => p.code),
      ['P1', 'P2'],
    );
    assert.equal(p0!.peers[0]!.distance, p0!.peers[1]!.distance);
  });

  it('gives the same groups whatever order the practices come in', () => {
    const random = seededRandom(11);
    const profiles = Array.from({ length: 300 }, (_, i) =>
      profile(`Q${String(i).padStart(4, '0')}`, {
        listSize: Math.round(2000 + 10000 * random()),
        // Coarse IMD values make exact ties common, which is what this test is about.
        imdScore: Math.round(random() * 5) * 10,
        rural: random() < 0.2,
      }),
    );
    const first = findPeers(profiles, { n: 10 });
    for (const seed of [1, 2, 3]) assert.deepEqual(findPeers(shuffle(profiles, seed), { n: 10 }), first);
  });

  it('finds a planted cluster: the nearest of each member are its cluster mates', () => {
    const random = seededRandom(5);
    const background = Array.from({ length: 600 }, (_, i) =>
      profile(`B${String(i).padStart(4, '0')}`, {
        listSize: Math.round(1500 + 25000 * random()),
        ageShares: {
          '0-14': 0.1 + 0.15 * random(),
          '15-44': 0.3,
          '45-64': 0.25,
          '65-74': 0.1,
          '75+': 0.05 + 0.1 * random(),
        },
        imdScore: 5 + 50 * random(),
        rural: random() < 0.15,
      }),
    );
    // Ten small, old, rural, affluent practices, close together and away from the crowd.
    const cluster = Array.from({ length: 10 }, (_, i) =>
      profile(`C${i}`, {
        listSize: 2100 + 20 * i,
        ageShares: { '0-14': 0.12, '15-44': 0.25, '45-64': 0.28, '65-74': 0.17, '75+': 0.18 + 0.001 * i },
        imdScore: 4 + 0.1 * i,
        rural: true,
      }),
    );
    const groups = findPeers([...background, ...cluster], { n: 9 });
    for (const member of cluster) {
      const group = groups.find((g) => g.code === member.code)!;
      assert.deepEqual(
        group.peers.map((p) => p.code).sort(),
        cluster
          .map((c) => c.code)
          .filter((c) => c !== member.code)
          .sort(),
      );
    }
  });

  it('never lists a practice as its own peer, and gives fewer peers when there are not enough practices', () => {
    const groups = findPeers([profile('A'), profile('B'), profile('C')], { n: 20 });
    for (const g of groups) {
      assert.equal(g.peers.length, 2);
      assert.ok(!g.peers.some((p) => p.code === g.code));
    }
    assert.deepEqual(findPeers([profile('A')]), [{ code: 'A', peers: [] }]);
  });

  it('treats a missing value as the national mean (z = 0) and records it', () => {
    const space = peerFeatureSpace([
      profile('A', { imdScore: 10 }),
      profile('B', { imdScore: 30 }),
      profile('C', { imdScore: null }),
    ]);
    const d = space.features.length;
    const imd = space.features.findIndex((f) => f.key === 'imd_score');
    assert.equal(space.means[imd], 20);
    assert.equal(space.z[2 * d + imd], 0);
    assert.equal(space.imputed[2 * d + imd], 1);
    assert.equal(space.imputed[imd], 0);
    // C sits exactly between A and B on IMD: equally near, so A (lower code) first.
    const c = findPeers(space, { n: 2 }).find((g) => g.code === 'C')!;
    assert.deepEqual(
      c.peers.map((p) => p.code),
      ['A', 'B'],
    );
  });

  it('lets a feature be switched off with a weight of 0', () => {
    // By hand: A–B differ by 2.3 SD in list size (and 0.05 in IMD); A–C by 0.99 SD in IMD (0.02 in size).
    const profiles = [
      profile('A', { imdScore: 10, listSize: 5000 }),
      profile('B', { imdScore: 11, listSize: 20000 }),
      profile('C', { imdScore: 30, listSize: 5050 }),
      profile('D', { imdScore: 60, listSize: 5000 }),
    ];
    assert.equal(findPeers(profiles, { n: 1 })[0]!.peers[0]!.code, 'C');
    assert.equal(findPeers(profiles, { n: 1, weights: { log_list_size: 0 } })[0]!.peers[0]!.code, 'B');
    assert.throws(() => findPeers(profiles, { weights: { rural: -1 } }), /must be ≥ 0/);
  });

  it('refuses a practice listed twice and a silly n', () => {
    assert.throws(() => findPeers([profile('A'), profile('A')]), /appears twice/);
    assert.throws(() => findPeers([profile('A')], { n: 0 }), /at least 1/);
  });
});

describe('Practice profiles from stored facts', () => {
  it('builds shares from registration rows and reads rurality as published', () => {
    const p = practiceProfile({
      code: 'A81001',
      population: [
        { sex: 'male', ageBand: '0-4', patients: 100 },
        { sex: 'female', ageBand: '75+', patients: 300 },
        { sex: 'female', ageBand: '15-24', patients: 600 },
      ],
      imdScore: 33.5,
      rurality: 'Urban',
    });
    assert.equal(p.listSize, 1000);
    assert.deepEqual(p.ageShares, { '0-14': 0.1, '15-44': 0.6, '45-64': 0, '65-74': 0, '75+': 0.3 });
    assert.equal(p.rural, false);
    assert.equal(parseRurality('Rural'), true);
    assert.equal(parseRurality('Unknown'), null);
    assert.equal(parseRurality(null), null);
    assert.deepEqual(practiceProfile({ code: 'X' }), {
      code: 'X',
      listSize: null,
      ageShares: null,
      imdScore: null,
      rural: null,
    });
  });
});

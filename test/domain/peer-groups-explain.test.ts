import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  explainPeers,
  findPeers,
  type PracticeProfile,
  peerFeatureSpace,
} from '../../src/domain/peer-groups/index.ts';
import { seededRandom } from './casemix-synthetic-population.ts';

/** Shares with a given proportion aged 65+ and of children, the rest spread over the working ages. */
function shares(old: number, children = 0.17) {
  const working = 1 - old - children;
  return {
    '0-14': children,
    '15-44': working * 0.6,
    '45-64': working * 0.4,
    '65-74': old * 0.55,
    '75+': old * 0.45,
  };
}

/** 300 practices spread widely, so national SDs are realistic (list SD ≈ 0.6 on the log scale, IMD SD ≈ 12). */
function background(): PracticeProfile[] {
  const random = seededRandom(99);
  return Array.from({ length: 300 }, (_, i) => ({
    code: `B${String(i).padStart(4, '0')}`,
    listSize: Math.round(2000 + 20000 * random()),
    ageShares: shares(0.05 + 0.3 * random(), 0.1 + 0.15 * random()),
    imdScore: 5 + 45 * random(),
    rural: null,
  }));
}

/** 20 peers spanning the given ranges evenly. */
function peersSpanning(
  lists: [number, number],
  old: [number, number],
  imd: [number, number],
  rural: boolean | null = null,
) {
  return Array.from({ length: 20 }, (_, i): PracticeProfile => {
    const t = i / 19;
    return {
      code: `N${String(i).padStart(2, '0')}`,
      listSize: lists[0] + t * (lists[1] - lists[0]),
      ageShares: shares(old[0] + t * (old[1] - old[0])),
      imdScore: imd[0] + t * (imd[1] - imd[0]),
      rural,
    };
  });
}

describe('Explaining a peer group in plain words', () => {
  const practice: PracticeProfile = {
    code: 'Y00001',
    listSize: 9400,
    ageShares: shares(0.21),
    imdScore: 21,
    rural: null,
  };

  it('says what the peers share, with their range beside the practice’s own value', () => {
    const peers = peersSpanning([8100, 10900], [0.19, 0.23], [18, 25]);
    const profiles = [practice, ...peers, ...background()];
    const explanation = explainPeers(practice, peers, profiles);
    assert.equal(
      explanation.sentence,
      'These 20 practices are like yours because they have a similar list size (8,100–10,900 vs your 9,400), ' +
        'a similar share of patients aged 65+ (19–23% vs 21%) and similar deprivation (IMD 18–25 vs 21).',
    );
    // Rurality is not known for anyone here, and the explanation says so rather than stay silent.
    assert.deepEqual(explanation.notes, [
      "Your practice's rurality is not known, so the national average was used when matching.",
      'Whether 20 of the 20 practices are rural is not known.',
    ]);
    const list = explanation.reasons.find((r) => r.aspect === 'list_size')!;
    assert.equal(list.closeness, 'similar');
    assert.equal(list.practiceValue, 9400);
    assert.equal(list.peerMin, 8100);
    assert.equal(list.peerMax, 10900);
    assert.equal(list.peersKnown, 20);
    assert.equal(list.phrase, 'a similar list size (8,100–10,900 vs your 9,400)');
  });

  it('names what they differ more in, and a matching rurality', () => {
    const rural: PracticeProfile = { ...practice, rural: true };
    const peers = peersSpanning([8100, 10900], [0.19, 0.23], [35, 50], true);
    const profiles = [rural, ...peers, ...background()];
    const explanation = explainPeers(rural, peers, profiles);
    assert.equal(
      explanation.sentence,
      'These 20 practices are like yours because they have a similar list size (8,100–10,900 vs your 9,400), ' +
        'a similar share of patients aged 65+ (19–23% vs 21%) and the same rurality (all 20 are rural, like yours). ' +
        'They differ more in deprivation (IMD 35–50 vs 21).',
    );
    assert.deepEqual(explanation.notes, []);
  });

  it('says "mostly the same rurality" when at least three in four match, and "broadly similar" up to 1 SD', () => {
    const urban: PracticeProfile = { ...practice, rural: false };
    const peers = peersSpanning([8100, 10900], [0.19, 0.23], [18, 25], false).map((p, i) =>
      i < 4 ? { ...p, rural: true } : p,
    );
    const explanation = explainPeers(urban, peers, [urban, ...peers, ...background()]);
    assert.match(explanation.sentence, /mostly the same rurality \(16 of 20 are urban, like yours\)/);
    const wider = peersSpanning([4000, 22000], [0.19, 0.23], [18, 25]);
    const list = explainPeers(practice, wider, [practice, ...wider, ...background()]).reasons.find(
      (r) => r.aspect === 'list_size',
    )!;
    assert.equal(list.closeness, 'broadly_similar');
  });

  it('mentions the children’s share only when it differs', () => {
    const young = peersSpanning([8100, 10900], [0.19, 0.23], [18, 25]).map((p) => ({
      ...p,
      ageShares: shares(0.21, 0.26),
    }));
    const explanation = explainPeers(practice, young, [practice, ...young, ...background()]);
    assert.match(explanation.sentence, /They differ more in share of children under 15 \(26% vs 17%\)\.$/);
  });

  it('says when the practice’s own data are missing and that the national average stood in', () => {
    const unknown: PracticeProfile = {
      code: 'Y00002',
      listSize: null,
      ageShares: null,
      imdScore: null,
      rural: null,
    };
    const peers = peersSpanning([8100, 10900], [0.19, 0.23], [18, 25]);
    const explanation = explainPeers(unknown, peers, [unknown, ...peers, ...background()]);
    assert.equal(
      explanation.notes[0],
      "Your practice's list size, age structure, deprivation (IMD) score and rurality are not known, so the national average was used when matching.",
    );
    assert.equal(
      explanation.sentence,
      'These 20 practices are the most like yours nationally, though none is closely similar on any one measure.',
    );
    assert.ok(explanation.reasons.every((r) => r.closeness === 'unknown'));
  });

  it('uses the singular for one peer, and accepts codes', () => {
    const peers = peersSpanning([9000, 9000], [0.21, 0.21], [21, 21]).slice(0, 1);
    const explanation = explainPeers(practice.code, [peers[0]!.code], [practice, ...peers, ...background()]);
    assert.match(
      explanation.sentence,
      /^This practice is like yours because it has a similar list size \(9,000 vs your 9,400\)/,
    );
  });

  it('explains every practice of a real-sized run from one shared feature space', () => {
    const profiles = [practice, ...background()];
    const space = peerFeatureSpace(profiles);
    const groups = findPeers(space, { n: 20 });
    for (const g of groups) {
      const e = explainPeers(g.code, g.peers, space);
      assert.equal(e.peerCount, 20);
      assert.match(e.sentence, /^These 20 practices are /);
    }
    assert.throws(() => explainPeers('NOPE', [], space), /not among the profiles/);
  });
});

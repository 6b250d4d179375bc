// How a peer practice is shown: by name inside a shared peer review group or when the sub-ICB
// location publishes peers by name; otherwise pseudonymised ("Peer 3", no code).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { peerDisplayName } from '../../src/domain/openness/peer-display-name.ts';

const peer = { code: 'A81002', name: 'Queens Park Medical Centre', rank: 3 };
const groups = new Map<string, number[]>([
  ['A81001', [1]],
  ['A81002', [1, 2]],
  ['A81003', [2]],
]);

describe('peerDisplayName', () => {
  it('names a peer that shares a peer review group with the viewer', () => {
    const shown = peerDisplayName({ practiceCodes: ['A81001'] }, peer, {
      subIcbPublishesNames: false,
      groupsOf: groups,
    });
    assert.deepEqual(shown, { label: 'Queens Park Medical Centre (A81002)', code: 'A81002', named: true });
  });

  it('pseudonymises a peer outside the viewer’s groups, hiding its code', () => {
    const shown = peerDisplayName({ practiceCodes: ['A81004'] }, peer, {
      subIcbPublishesNames: false,
      groupsOf: groups,
    });
    assert.deepEqual(shown, { label: 'Peer 3', code: null, named: false });
  });

  it('names every peer when the sub-ICB location publishes by name', () => {
    const shown = peerDisplayName({ practiceCodes: [] }, peer, {
      subIcbPublishesNames: true,
      groupsOf: new Map(),
    });
    assert.equal(shown.named, true);
  });
});

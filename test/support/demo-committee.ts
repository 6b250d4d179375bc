import type { CommitteeMemberInfo } from '../../src/domain/governance/committee-rules.ts';

/**
 * A committee shaped like the demo's (src/demo/governance.ts), for the governance rule tests and
 * the quorum table (docs/rules.md): a lay chair and deputy, two executives, two GPs and two observers
 * without a vote. Six votes, so the default quorum is four.
 */
export const DEMO_COMMITTEE: readonly CommitteeMemberInfo[] = [
  { id: 1, name: 'lay chair', role: 'lay', voting: true, position: 'chair' },
  { id: 2, name: 'lay deputy', role: 'lay', voting: true, position: 'deputy_chair' },
  { id: 3, name: 'executive 1', role: 'executive', voting: true, position: 'member' },
  { id: 4, name: 'executive 2', role: 'executive', voting: true, position: 'member' },
  { id: 5, name: 'GP 1', role: 'gp', voting: true, position: 'member' },
  { id: 6, name: 'GP 2', role: 'gp', voting: true, position: 'member' },
  { id: 7, name: 'Healthwatch', role: 'observer', voting: false, position: 'member' },
  { id: 8, name: 'local authority', role: 'observer', voting: false, position: 'member' },
];

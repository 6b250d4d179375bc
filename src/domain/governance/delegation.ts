/**
 * Co-commissioning of primary medical care: a commissioner (sub-ICB location or ICB) takes on some of
 * the contract holder's functions at one of three levels. Pure rules: who acts on a contract action.
 * The contract holder is NHS England (its region / area team) unless a function is delegated.
 */
import { inSentence } from '../words.ts';

/** 1 influence (the contract holder decides), 2 joint (decided together), 3 delegated (acts for NHS England). */
export const CO_COMMISSIONING_LEVELS = [1, 2, 3] as const;
export type CoCommissioningLevel = (typeof CO_COMMISSIONING_LEVELS)[number];

export const LEVEL_LABELS: Record<CoCommissioningLevel, string> = {
  1: 'Level 1: greater involvement (influence)',
  2: 'Level 2: joint commissioning',
  3: 'Level 3: delegated commissioning',
};

export const DELEGATED_FUNCTIONS = [
  'contract_management',
  'pms_reviews',
  'new_providers',
  'premises_budgets',
  'enhanced_services',
  'local_qof_schemes',
  'qof_evaluation_appeals',
  'performance_management',
] as const;
export type DelegatedFunction = (typeof DELEGATED_FUNCTIONS)[number];

export const FUNCTION_LABELS: Record<DelegatedFunction, string> = {
  contract_management: 'GMS/PMS contract management',
  pms_reviews: 'PMS contract reviews',
  new_providers: 'New providers, practice splits and mergers',
  premises_budgets: 'Premises costs and budgets',
  enhanced_services: 'Commissioning enhanced services',
  local_qof_schemes: 'Local QOF-alternative schemes',
  qof_evaluation_appeals: 'QOF evaluation and appeals',
  performance_management: 'Performance management of the GP contract',
};

export function isDelegatedFunction(value: string): value is DelegatedFunction {
  return (DELEGATED_FUNCTIONS as readonly string[]).includes(value);
}

export function isCoCommissioningLevel(value: number): value is CoCommissioningLevel {
  return value === 1 || value === 2 || value === 3;
}

/** What a commissioner holds on one day: its approved level and the functions granted with it. */
export interface DelegationState {
  commissionerCode: string;
  /** null: no approved co-commissioning arrangement, which acts as level 1. */
  level: CoCommissioningLevel | null;
  grantedFunctions: readonly DelegatedFunction[];
  /** The NHS England region (area team) holding the contracts; null when not known. */
  contractHolderCode: string | null;
}

export type ContractRoute = 'act' | 'joint' | 'contract_holder';

export interface ContractActionDecision {
  route: ContractRoute;
  /** Who takes the action: the commissioner, or the contract holder (null when not known). */
  actorCode: string | null;
  reason: string;
}

/**
 * Who may take an action that needs `fn`. A function counts only when granted; level 3 acts alone,
 * level 2 decides jointly with the contract holder, and anything else goes to the contract holder.
 */
export function decideContractAction(state: DelegationState, fn: DelegatedFunction): ContractActionDecision {
  const label = inSentence(FUNCTION_LABELS[fn]);
  const holder = state.contractHolderCode
    ? `the contract holder (NHS England, ${state.contractHolderCode})`
    : 'the contract holder (NHS England)';
  const granted = state.grantedFunctions.includes(fn);
  if (granted && state.level === 3) {
    return {
      route: 'act',
      actorCode: state.commissionerCode,
      reason: `${state.commissionerCode} holds ${label} under delegation (level 3) and acts for NHS England`,
    };
  }
  if (granted && state.level === 2) {
    return {
      route: 'joint',
      actorCode: state.commissionerCode,
      reason: `${state.commissionerCode} decides ${label} jointly with ${holder} (level 2)`,
    };
  }
  const why =
    state.level === null
      ? `${state.commissionerCode} has no approved co-commissioning arrangement`
      : state.level === 1
        ? `${state.commissionerCode} is at level 1 (influence only)`
        : `${state.commissionerCode} has not been granted ${label}`;
  return {
    route: 'contract_holder',
    actorCode: state.contractHolderCode,
    reason: `${why}: ${label} stays with ${holder}, which takes the decision`,
  };
}

/** Functions are granted only with joint or delegated commissioning; level 1 only influences. */
export function grantProblem(level: CoCommissioningLevel | null, fn: DelegatedFunction): string | null {
  if (level === null)
    return `no approved level: approve a level of 2 or 3 before granting ${FUNCTION_LABELS[fn]}`;
  if (level === 1)
    return `at level 1 (influence) no function is granted: ${FUNCTION_LABELS[fn]} stays with the contract holder`;
  return null;
}

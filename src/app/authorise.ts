/**
 * The one seam between a use case and the policy: `authorise()` asks `can()` (src/domain/policy.ts,
 * which decides every action from its tables) and, when the answer is no, throws the one use-case
 * error of kind `forbidden` with the policy's reason, so that every area refuses in the same words
 * and the web answers every refusal the same way (src/web/use-case-status.ts).
 */
import { type AnyAction, can, type Decision, type PolicyTarget } from '../domain/policy.ts';
import type { Actor } from './actor.ts';
import { UseCaseError } from './use-case-error.ts';

/** The message a refusal carries: the policy's reason, written once here. */
export function refusal(decision: Decision): string {
  return decision.reason;
}

/**
 * Throws `forbidden` with the policy's reason unless the actor may take `action` on `target`; returns
 * the allowing decision, whose reason a use case may record as the authority it acted on.
 */
export function authorise(actor: Actor | null, action: AnyAction, target: PolicyTarget = {}): Decision {
  const decision = can(actor, action, target);
  if (!decision.allowed) throw new UseCaseError('forbidden', refusal(decision));
  return decision;
}

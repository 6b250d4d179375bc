// `calculateScheme`: one entry point for every kind of scheme. Pure and deterministic: the same
// definition and inputs give the same statements, in the same order, to the penny.
import type { SchemeDefinition } from './definition.ts';
import type { SchemeInputs } from './inputs.ts';
import { calculateLocal } from './local.ts';
import { calculatePremium } from './premium.ts';
import { calculateQof } from './qof.ts';
import type { SchemeCalculation } from './statement.ts';

export function calculateScheme(definition: SchemeDefinition, inputs: SchemeInputs): SchemeCalculation {
  switch (definition.kind) {
    case 'qof':
      return calculateQof(definition, inputs);
    case 'quality_premium':
      return calculatePremium(definition, inputs);
    case 'local':
      return calculateLocal(definition, inputs);
  }
}

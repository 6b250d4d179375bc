// An analyst's indicator defined as an expression of imported facts (src/domain/indicators/expression.ts).
import type {
  IndicatorDefinition,
  IndicatorType,
  PeriodType,
  Polarity,
} from '../../domain/indicators/definition.ts';
import { formatExpression, parseExpression } from '../../domain/indicators/expression.ts';
import type { Store } from '../../store/database.ts';
import { type SavedIndicator, saveIndicator } from './catalogue.ts';

export interface ExpressionIndicatorInput {
  code: string;
  name: string;
  domain?: string;
  type: IndicatorType;
  /** E.g. `qof_prevalence.register[CHD] + qof_prevalence.register[STIA]`. */
  numerator: string;
  /** E.g. `list_size`. */
  denominator: string;
  numeratorWords?: string;
  denominatorWords?: string;
  multiplier: number;
  polarity: Polarity;
  periodType: PeriodType;
  caveats?: string | null;
  disclosureRule?: string | null;
}

/** Parses both expressions (throws ExpressionError with the position) and saves the definition. */
export async function saveExpressionIndicator(
  store: Store,
  input: ExpressionIndicatorInput,
  actor: string,
  now: Date,
): Promise<SavedIndicator> {
  const numerator = formatExpression(parseExpression(input.numerator));
  const denominator = formatExpression(parseExpression(input.denominator));
  const definition: IndicatorDefinition = {
    code: input.code,
    name: input.name,
    domain: input.domain ?? 'local',
    type: input.type,
    numerator: input.numeratorWords ?? numerator,
    denominator: input.denominatorWords ?? denominator,
    multiplier: input.multiplier,
    polarity: input.polarity,
    periodType: input.periodType,
    source: 'Fairview expression of imported facts',
    caveats: input.caveats ?? null,
    disclosureRule: input.disclosureRule ?? null,
    origin: 'expression',
    computation: { from: 'expression', numerator, denominator },
  };
  return store.db.transaction().execute((trx) => saveIndicator(trx, definition, actor, now));
}

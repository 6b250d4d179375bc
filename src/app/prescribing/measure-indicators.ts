// The catalogue's prescribing indicators: one per shipped measure that has values in the store
// (src/domain/prescribing/measure-indicator.ts says how a measure reads as an indicator).
import { createHash } from 'node:crypto';
import type { IndicatorDefinition } from '../../domain/indicators/definition.ts';
import type { MeasureDefinition } from '../../domain/prescribing/measure.ts';
import { measureIndicatorDefinition } from '../../domain/prescribing/measure-indicator.ts';
import type { Store } from '../../store/database.ts';
import { loadMeasures } from './measures.ts';

/** A short hash of the measure's definition: a changed measure is a new indicator version. */
export function measureHash(measure: MeasureDefinition): string {
  return createHash('sha256').update(JSON.stringify(measure)).digest('hex').slice(0, 16);
}

export async function prescribingMeasureDefinitions(
  store: Store,
  measures?: readonly MeasureDefinition[],
): Promise<IndicatorDefinition[]> {
  const stored = await store.db
    .selectFrom('prescribing_measure_decile')
    .select('measure_id')
    .distinct()
    .execute();
  if (stored.length === 0) return [];
  const ids = new Set(stored.map((r) => r.measure_id));
  const all = measures ?? (await loadMeasures());
  return all.filter((m) => ids.has(m.id)).map((m) => measureIndicatorDefinition(m, measureHash(m)));
}

/**
 * `fairview prescribing measures | deciles <measure> | savings <measure> [--month YYYY-MM]`: the
 * prescribing measures (measures/*.json), England's deciles per month and the practices with the
 * largest savings at the 10th-percentile ratio (docs/prescribing.md). Run `fairview recompute` after
 * importing a month: it recomputes the measures.
 */
import { loadMeasures } from '../../app/prescribing/measures.ts';
import { measureDeciles, measureSavings } from '../../app/prescribing/views.ts';
import { measureUnit } from '../../domain/prescribing/measure.ts';
import { openStore } from '../../store/database.ts';

const USAGE = `usage:
  fairview prescribing measures                          the shipped measures
  fairview prescribing deciles <measure>                 England's deciles, month by month
  fairview prescribing savings <measure> [--month YYYY-MM] [--limit N]   the largest savings`;

const number = (value: number | null, digits = 2) => (value === null ? '-' : value.toFixed(digits));

export async function prescribing(args: string[]): Promise<number> {
  const [sub, id, ...rest] = args;
  const measures = await loadMeasures();
  if (sub === 'measures') {
    for (const m of measures)
      console.log(`${m.id.padEnd(38)} ${m.polarity.padEnd(13)} ${measureUnit(m).padEnd(26)} ${m.name}`);
    return 0;
  }
  if ((sub !== 'deciles' && sub !== 'savings') || !id) {
    console.error(USAGE);
    return 2;
  }
  const measure = measures.find((m) => m.id === id);
  if (!measure) {
    console.error(`fairview prescribing: no measure '${id}' (fairview prescribing measures lists them)`);
    return 2;
  }
  const option = (name: string) => {
    const at = rest.indexOf(`--${name}`);
    return at >= 0 ? rest[at + 1] : undefined;
  };
  const store = await openStore();
  try {
    console.log(`${measure.name} (${measureUnit(measure)}; ${measure.polarity.replaceAll('_', ' ')})`);
    if (sub === 'deciles') {
      const rows = await measureDeciles(store, id);
      if (rows.length === 0)
        console.log('no values yet: import a prescribing month and run fairview recompute');
      console.log(
        `month    practices  ${[10, 20, 30, 40, 50, 60, 70, 80, 90].map((p) => `${p}th`.padStart(8)).join('')}`,
      );
      for (const r of rows) {
        console.log(
          `${r.month}  ${String(r.practices).padStart(9)}  ${r.deciles.map((d) => number(d).padStart(8)).join('')}`,
        );
      }
    } else {
      const month = option('month');
      const limit = option('limit');
      const rows = await measureSavings(store, id, {
        ...(month ? { month } : {}),
        ...(limit ? { limit: Number(limit) } : {}),
      });
      console.log('practice  month    value     percentile  numerator cost  saving at the 10th percentile');
      for (const r of rows) {
        console.log(
          `${r.practiceCode.padEnd(8)}  ${r.month}  ${number(r.ratio).padStart(8)}  ${number(r.percentile, 0).padStart(10)}  £${r.numeratorCost.toFixed(2).padStart(13)}  £${r.saving.toFixed(2)}`,
        );
      }
    }
    return 0;
  } finally {
    await store.close();
  }
}

/**
 * The calibration study of Fairview's flags at full size (issue 12): a SYNTHETIC England of 6,500
 * practices × 4 QOF years (5 disease registers following their population band by band, deprivation
 * and rurality, a small random practice effect, and 3% planted ×0.6 / ×1.7; an achievement-type
 * indicator near 100%) and 2,000 monthly series of 36 months with a seasonal pattern (9% with a
 * planted step, trend or one-month spike in the recent months), written in the real file layouts,
 * imported with the real import use cases into a fresh PGlite and computed by `recompute` into one
 * release. Then the tables: false flags with nothing planted and recall of the planted, at 95% and
 * 99.8%, overall, by fifth of practice size, deprivation and list age structure, and by kind of list,
 * for the crude comparison with England, the crude funnel, the case-mix adjusted funnel and the
 * headline judgment; and the SPC signals.
 *
 *   npm run bench -- calibration                 the full study (~10 minutes here)
 *   npm run bench -- calibration --scale 0.1     a quick look
 *
 * The baseline is simulating England and writing its files, so "× baseline" says what importing and
 * computing cost over making the data.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recompute } from '../src/app/compute/recompute.ts';
import { importFile } from '../src/app/import/import-file.ts';
import { importIndicatorTemplate } from '../src/app/indicators/import-template.ts';
import { openStore } from '../src/store/index.ts';
import { simulateEngland } from '../test/simulation/england.ts';
import { writeSimulationFiles } from '../test/simulation/files.ts';
import { analyseRelease, fifthRatio, formatStudy, homogeneity, STRATA } from '../test/simulation/study.ts';
import type { Harness } from './harness.ts';

export default async function calibrationBench(h: Harness): Promise<void> {
  const practices = h.size(6500, 300);
  const monthly = h.size(2000, 150);
  const years = ['2020-21', '2021-22', '2022-23', '2023-24'];
  const now = new Date('2025-01-01T00:00:00Z');
  const dataDir = await mkdtemp(join(tmpdir(), 'fairview-bench-calibration-'));
  const filesDir = await mkdtemp(join(tmpdir(), 'fairview-bench-calibration-files-'));
  const store = await openStore({ dataDir, databaseUrl: '' });
  try {
    h.group(
      `Calibration study: SYNTHETIC England, ${practices.toLocaleString('en-GB')} practices × ${years.length} QOF years, ${monthly.toLocaleString('en-GB')} monthly series (${store.kind})`,
    );
    let sim = simulateEngland({ seed: 2024, practices, years, monthlyPractices: monthly, months: 36 });
    let files = await writeSimulationFiles(sim, filesDir);
    await h.baseline('simulate England and write its files in the real layouts', practices, async () => {
      sim = simulateEngland({ seed: 2024, practices, years, monthlyPractices: monthly, months: 36 });
      files = await writeSimulationFiles(sim, filesDir);
      return files.nhs.length;
    });
    await h.task('import every file (real import use cases)', practices, async () => {
      for (const path of files.nhs) await importFile(store, path, { actor: 'bench' });
      for (const path of files.templates) await importIndicatorTemplate(store, path, 'bench', now);
    });
    let releaseId = 0;
    await h.task('recompute one release (every flag, every method)', practices, async () => {
      const outcome = await recompute(store, { now, actor: 'bench', release: 'calibration', peerCount: 5 });
      releaseId = outcome.release.id;
      return outcome;
    });
    const study = await analyseRelease(store, sim, releaseId);
    console.log('');
    console.log(formatStudy(study));
    const headline = study.methods.find((m) => m.method === 'headline')!;
    const within = (k: number, n: number, bound: number) => k / n <= bound;
    const fifthsOk = STRATA.every((s) =>
      headline.fifths[s].every((r) => within(r.flagged95, r.n, 0.07) && within(r.flagged998, r.n, 0.005)),
    );
    const ratios = STRATA.map(
      (s) =>
        `${s} ${fifthRatio(headline.fifths[s], '95').toFixed(2)} | ${fifthRatio(headline.fifths[s], '998').toFixed(2)} (χ² p ${homogeneity(headline.fifths[s], '95').toPrecision(2)} | ${homogeneity(headline.fifths[s], '998').toPrecision(2)})`,
    );
    const spc = study.spc.find((r) => r.method === 'headline')!.byPlant;
    const share = (k: keyof typeof spc) => spc[k].signalled / spc[k].n;
    console.log('');
    console.log('The issue\u2019s bounds on the headline judgment:');
    console.log(`  every fifth ≤ 7% at 95% and ≤ 0.5% at 99.8%: ${fifthsOk ? 'met' : 'NOT met'}`);
    console.log(
      `  largest ratio between fifths (95% | 99.8%; ≤ 1.5), and whether they differ beyond chance: ${ratios.join('; ')}`,
    );
    console.log(
      `  SPC: ${(100 * share('none')).toFixed(1)}% of null series signal (≤ 10%); steps ${(100 * share('step')).toFixed(1)}%, trends ${(100 * share('trend')).toFixed(1)}%, spikes ${(100 * share('spike')).toFixed(1)}% (≥ 90%)`,
    );
  } finally {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
    await rm(filesDir, { recursive: true, force: true });
  }
}

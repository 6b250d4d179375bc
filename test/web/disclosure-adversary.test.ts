// Issue 11, findings 1 and 2: the attacker (test/support/disclosure-attacker.ts) plays against what is
// published — value → counts search within ±2, ratio × expected, differencing totals against their
// parts — on a seeded property-based generator of England-like hierarchies and on the real slice
// (Tees Valley) through the web API and CSV exports, as a visitor and as a practice partner who
// highlights her own practice on England's page. It must recover nothing. The same attack against
// figures made from the TRUE counts (what was published before) recovers many, so the attacker works.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { ENGLAND } from '../../src/app/compute/hierarchy.ts';
import {
  DEFAULT_DISCLOSURE_RULE,
  type HierarchyMember,
  hierarchyPattern,
  type PublishedCount,
  publishUnder,
} from '../../src/domain/disclosure/index.ts';
import { proportion } from '../../src/stats/proportion.ts';
import { rate } from '../../src/stats/rate.ts';
import type { Result } from '../../src/store/schema.ts';
import { createWebApp } from '../../src/web/app.ts';
import { practiceCounts, publishedResult } from '../../src/web/benchmarking/disclose.ts';
import { forEachDatabase } from '../support/databases.ts';
import {
  attackLine,
  attackRow,
  type Kind,
  type Known,
  knownOf,
  type Published,
  type Recovery,
} from '../support/disclosure-attacker.ts';
import { BENCHMARKING_SLICE, SLICE_SUB_ICB } from './benchmarking-slice.ts';
import { addUser, TestBrowser } from './client.ts';

const RULE = DEFAULT_DISCLOSURE_RULE;

/** mulberry32: a small seeded generator, so a failure is reproducible from its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Generated {
  members: HierarchyMember[];
  expected: Map<string, number>;
}

/** England → 2 regions → 2–3 ICBs → 1–3 sub-ICBs → 1–4 PCNs → 2–6 practices (+ some in no PCN). */
function generate(seed: number, kind: Kind): Generated {
  const r = random(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const members: HierarchyMember[] = [];
  const expected = new Map<string, number>();
  const prevalence = kind === 'proportion' ? 0.002 + r() * 0.3 : 0.0005 + r() * 0.02;
  let k = 0;
  for (let g = 0; g < 2; g++)
    for (let i = 0; i < int(2, 3); i++)
      for (let s = 0; s < int(1, 3); s++) {
        const region = `R${g}`;
        const icb = `${region}I${i}`;
        const sub = `${icb}S${s}`;
        const pcns = int(1, 4);
        for (let p = 0; p <= pcns; p++) {
          const pcn = p < pcns ? `${sub}P${p}` : null;
          for (let q = 0; q < int(2, 6); q++) {
            // Small lists and rare events often, so small counts and secondary suppression are common.
            const d = Math.round(Math.exp(Math.log(30) + r() * (Math.log(20000) - Math.log(30))));
            const n = Math.min(d, Math.round(d * prevalence * (0.3 + r() * 1.7)));
            const code = `X${String(k++).padStart(5, '0')}`;
            members.push({
              code,
              numerator: n,
              denominator: d,
              areas: [...(pcn ? [pcn] : []), sub, icb, region, ENGLAND],
            });
            expected.set(code, d * prevalence * (0.8 + r() * 0.4));
          }
        }
      }
  return { members, expected };
}

const shownValue = (c: PublishedCount): number | null => (c.kind === 'shown' ? c.value : null);

/** A stored result row with every derived figure made from the TRUE counts, as recompute stores it. */
function storedRow(n: number, d: number, expected: number | null, kind: Kind, multiplier: number): Result {
  const made =
    kind === 'rate' ? rate(n, d, [0.95, 0.998], multiplier) : proportion(n, d, [0.95, 0.998], multiplier);
  const ratio = expected ? n / expected : null;
  return {
    numerator: n,
    denominator: d,
    value: made.value,
    lower_95: made.limits[0]!.lower,
    upper_95: made.limits[0]!.upper,
    lower_99_8: made.limits[1]!.lower,
    upper_99_8: made.limits[1]!.upper,
    expected,
    oe_ratio: ratio,
    oe_lower_95: null,
    oe_upper_95: null,
    oe_lower_99_8: null,
    oe_upper_99_8: null,
    headline_z: null,
    headline_expected: expected,
    peer_value: null,
    practice_min: null,
    practice_q1: null,
    practice_median: null,
    practice_q3: null,
    practice_max: null,
  } as unknown as Result;
}

interface Played {
  recoveries: Recovery[];
  rows: number;
  controlledShown: number;
}

/**
 * Publishes one generated hierarchy (`made`: from the published counts, as now; `true`: from the true
 * counts, as before) and plays every attack on every practice and area.
 */
function play(g: Generated, kind: Kind, multiplier: number, figures: 'made' | 'true'): Played {
  const pattern = hierarchyPattern(RULE, g.members);
  const disclosure = { rule: RULE, pattern, open: new Set<string>() };
  const totals = new Map<string, { n: number; d: number; e: number }>();
  for (const m of g.members)
    for (const a of m.areas) {
      const t = totals.get(a) ?? { n: 0, d: 0, e: 0 };
      t.n += m.numerator;
      t.d += m.denominator;
      t.e += g.expected.get(m.code)!;
      totals.set(a, t);
    }
  const recoveries: Recovery[] = [];
  const recovered = new Map<string, number>();
  const published = new Map<string, Published>();
  let controlledShown = 0;
  const publish = (code: string, n: number, d: number, e: number | null, mask: number) => {
    const stored = storedRow(n, d, e, kind, multiplier);
    const counts = publishUnder(RULE, mask, n, d);
    const shown = {
      numerator: shownValue(counts.numerator),
      denominator: shownValue(counts.denominator),
    };
    let p: Published;
    if (figures === 'made') {
      // The web layer's own path: practiceCounts with this pattern, then publishedResult.
      const c = practiceCounts(
        { ...disclosure, pattern: { ...pattern, practices: new Map([[code, mask]]) } },
        code,
        n,
        d,
      );
      const out = publishedResult(stored, c, { type: kind, multiplier });
      p = {
        numerator: c.numerator,
        denominator: c.denominator,
        value: c.derivedShown ? out.value : null,
        lower95: c.derivedShown ? out.lower_95 : null,
        upper95: c.derivedShown ? out.upper_95 : null,
        ratio: c.derivedShown ? out.oe_ratio : null,
        expected: c.derivedShown ? out.expected : null,
      };
    } else {
      const both = shown.numerator !== null && shown.denominator !== null;
      p = {
        ...shown,
        value: both ? stored.value : null,
        lower95: both ? stored.lower_95 : null,
        upper95: both ? stored.upper_95 : null,
        ratio: both ? stored.oe_ratio : null,
        expected: both ? stored.expected : null,
      };
    }
    if (p.value !== null) controlledShown++;
    published.set(code, p);
    const found = attackRow(code, p, { numerator: n, denominator: d }, kind, multiplier);
    recoveries.push(...found);
    const byValue = found.find((f) => f.how !== 'differencing');
    if (byValue) recovered.set(code, byValue.truth);
  };
  for (const m of g.members)
    publish(m.code, m.numerator, m.denominator, g.expected.get(m.code)!, pattern.practices.get(m.code) ?? 0);
  for (const [code, t] of totals) publish(code, t.n, t.d, t.e, pattern.areas.get(code) ?? 0);

  // Differencing, numerators: each area's total against its parts (practices counted in no smaller
  // area, and its child areas), each figure known exactly where an attack above recovered it.
  const truthOf = new Map<string, number>([
    ...g.members.map((m) => [m.code, m.numerator] as const),
    ...[...totals].map(([code, t]) => [code, t.n] as const),
  ]);
  const parts = new Map<string, Set<string>>();
  for (const m of g.members) {
    const chain = [m.code, ...m.areas];
    for (let k = 0; k + 1 < chain.length; k++) {
      const set = parts.get(chain[k + 1]!) ?? new Set<string>();
      set.add(chain[k]!);
      parts.set(chain[k + 1]!, set);
    }
  }
  const known = (code: string): Known | null =>
    knownOf(published.get(code)?.numerator ?? null, recovered.get(code) ?? null);
  for (const [area, codes] of parts)
    recoveries.push(
      ...attackLine(
        known(area),
        [...codes].map((code) => ({ code, known: known(code), truth: truthOf.get(code)! })),
      ),
    );
  return { recoveries, rows: published.size, controlledShown };
}

describe('the disclosure attacker against a property-based generator of hierarchies', () => {
  const seeds = Array.from({ length: 12 }, (_, k) => 1000 + k);
  for (const [kind, multiplier] of [
    ['proportion', 100],
    ['rate', 1000],
  ] as const) {
    it(`recovers no count from ${kind}s made from the published counts (${seeds.length} seeds)`, () => {
      let rows = 0;
      let shown = 0;
      for (const seed of seeds) {
        const played = play(generate(seed, kind), kind, multiplier, 'made');
        assert.deepEqual(played.recoveries, [], `seed ${seed}`);
        rows += played.rows;
        shown += played.controlledShown;
      }
      assert.ok(rows > 500 && shown > 300, `${rows} rows, ${shown} with a value: enough to attack`);
    });

    it(`recovers counts from ${kind}s made from the true counts (the attack works)`, () => {
      let recovered = 0;
      for (const seed of seeds)
        recovered += play(generate(seed, kind), kind, multiplier, 'true').recoveries.length;
      assert.ok(recovered > 100, `only ${recovered} recovered`);
    });
  }
});

/** One CSV line's fields (quoted fields may hold commas and doubled quotes). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  const re = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
  for (const m of line.matchAll(re)) {
    const f = m[1]!;
    out.push(f.startsWith('"') ? f.slice(1, -1).replaceAll('""', '"') : f);
    if (m[2] === '') break;
  }
  return out;
}

interface ApiRow {
  code: string;
  value: number | null;
  lower95: number | null;
  upper95: number | null;
  numerator: number | null;
  denominator: number | null;
  adjusted: { ratio: number | null; expected: number | null };
}
interface IndicatorApi {
  indicator: { type: Kind; multiplier: number };
  period: string;
  disclosure: unknown;
  areaValue: number | null;
  practices: ApiRow[];
}

forEachDatabase(
  'the disclosure attacker against the real slice (Tees Valley)',
  { seed: BENCHMARKING_SLICE },
  (store) => {
    let app: ReturnType<typeof createWebApp>;
    let partner: TestBrowser;
    /** indicator → period → code → true counts. */
    const truth = new Map<string, Map<string, { n: number; d: number }>>();
    let indicators: string[] = [];
    let pcns: string[] = [];

    before(async () => {
      const db = store().db;
      const password = await addUser(db, 'partner', 'practice_partner:A81001');
      app = createWebApp({ db });
      partner = new TestBrowser(app);
      await partner.signIn('partner', password);
      const rows = await db
        .selectFrom('result')
        .innerJoin('indicator', 'indicator.id', 'result.indicator_id')
        .innerJoin('release', 'release.id', 'result.release_id')
        .select([
          'indicator.code',
          'result.period',
          'result.area_code',
          'result.numerator',
          'result.denominator',
        ])
        .where('release.status', '=', 'published')
        .execute();
      for (const r of rows) {
        if (r.numerator === null || r.denominator === null) continue;
        const key = `${r.code}|${r.period}`;
        const m = truth.get(key) ?? new Map<string, { n: number; d: number }>();
        m.set(r.area_code, { n: Number(r.numerator), d: Number(r.denominator) });
        truth.set(key, m);
      }
      indicators = [...new Set(rows.map((r) => r.code))].sort();
      pcns = (
        await db
          .selectFrom('result')
          .select('pcn_code')
          .distinct()
          .where('area_kind', '=', 'practice')
          .where('pcn_code', 'is not', null)
          .execute()
      ).map((r) => r.pcn_code as string);
    });

    const attackPage = (
      api: IndicatorApi,
      except: ReadonlySet<string>,
    ): { recoveries: Recovery[]; rows: number } => {
      const t = truth.get(
        `${(api as unknown as { indicator: { code: string } }).indicator.code}|${api.period}`,
      )!;
      const recoveries: Recovery[] = [];
      let rows = 0;
      for (const p of api.practices) {
        if (except.has(p.code)) continue;
        const exact = t.get(p.code);
        if (!exact) continue;
        rows++;
        recoveries.push(
          ...attackRow(
            p.code,
            { ...p, ratio: p.adjusted.ratio, expected: p.adjusted.expected },
            { numerator: exact.n, denominator: exact.d },
            api.indicator.type,
            api.indicator.multiplier,
          ),
        );
      }
      return { recoveries, rows };
    };

    it("recovers nothing from England's pages, as a visitor or as a practice partner highlighting her practice", async () => {
      let rows = 0;
      const recoveries: Recovery[] = [];
      for (const code of indicators) {
        const visitor = (await (await app.request(`/api/indicators/${code}`)).json()) as IndicatorApi;
        const attacked = attackPage(visitor, new Set());
        rows += attacked.rows;
        recoveries.push(...attacked.recoveries);
        // Finding 1: the highlighted practice no longer lifts control for England.
        const res = await partner.get(`/api/indicators/${code}?practice=A81001`);
        assert.equal(res.status, 200);
        const mine = (await res.json()) as IndicatorApi;
        recoveries.push(...attackPage(mine, new Set(['A81001'])).recoveries);
        for (const p of mine.practices) {
          if (p.code === 'A81001' || p.numerator === null) continue;
          assert.ok(
            p.numerator === 0 || (p.numerator > 7 && p.numerator % 5 === 0),
            `${code} ${p.code}: ${p.numerator}`,
          );
        }
      }
      assert.ok(rows > 500, `${rows} rows attacked`);
      assert.deepEqual(recoveries, []);
    });

    it('the CSV export of England with a highlighted practice carries only controlled counts for the others', async () => {
      const code = indicators[0]!;
      const csv = await (await partner.get(`/indicators/${code}?practice=A81001&format=csv`)).text();
      const [header, ...lines] = csv.trim().split(/\r?\n/).map(csvFields);
      const codeAt = header!.indexOf('Code');
      const numAt = header!.indexOf('Count');
      assert.ok(codeAt >= 0 && numAt >= 0, header!.join(','));
      let checked = 0;
      for (const f of lines) {
        if (f[codeAt] === 'A81001' || !f[numAt]) continue;
        const n = Number(f[numAt]);
        if (!Number.isFinite(n)) continue;
        assert.ok(n === 0 || (n > 7 && n % 5 === 0), `${f[codeAt]}: ${n}`);
        checked++;
      }
      assert.ok(checked > 20);
    });

    it('recovers no suppressed practice by differencing PCN and sub-ICB totals against their practices', async () => {
      const recoveries: Recovery[] = [];
      let lines = 0;
      for (const code of indicators) {
        const pages = new Map<string, IndicatorApi>();
        for (const area of [SLICE_SUB_ICB, ...pcns])
          pages.set(
            area,
            (await (await app.request(`/api/indicators/${code}?area=${area}`)).json()) as IndicatorApi,
          );
        for (const [area, api] of pages) {
          const t = truth.get(`${code}|${api.period}`)!;
          const exactArea = t.get(area);
          if (!exactArea || api.areaValue === null) continue;
          // The area's total is not on the page as a count: the attacker recovers it from the value if
          // it can (the search above, over the window of the true total: the most it could know).
          const found = attackRow(
            area,
            {
              numerator: Math.round(exactArea.n / 5) * 5,
              denominator: Math.round(exactArea.d / 5) * 5,
              value: api.areaValue,
            },
            { numerator: exactArea.n, denominator: exactArea.d },
            api.indicator.type,
            api.indicator.multiplier,
          );
          recoveries.push(...found);
          const total: Known | null = found[0] ? { lo: found[0].truth, hi: found[0].truth } : null;
          const parts = api.practices.map((p) => {
            const byValue = attackRow(
              p.code,
              { ...p, ratio: p.adjusted.ratio, expected: p.adjusted.expected },
              { numerator: t.get(p.code)?.n ?? -1, denominator: t.get(p.code)?.d ?? -1 },
              api.indicator.type,
              api.indicator.multiplier,
            );
            return {
              code: p.code,
              known: knownOf(p.numerator, byValue[0]?.truth ?? null),
              truth: t.get(p.code)?.n ?? -1,
            };
          });
          lines++;
          recoveries.push(...attackLine(total, parts));
        }
      }
      assert.ok(lines > 10, `${lines} lines`);
      assert.deepEqual(recoveries, []);
    });
  },
);

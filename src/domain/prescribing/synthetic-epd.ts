// SYNTHETIC English Prescribing Dataset months for the demo (issue 20): no real EPD month of the
// demo's sub-ICB location (16C, Tees Valley) is bundled, so the demo makes one up, writes it in the
// real EPD layout and imports it through the real importer, labelled SYNTHETIC in the import history
// and on every page that shows it. NOT NHS DATA.
//
// The rule, per practice, month and presentation (deterministic: the random numbers are seeded by the
// practice code, month and BNF code, so the same practices and months always give the same bytes):
//   items    ≈ Poisson(rate per 1,000 patients × list ÷ 1,000 × the practice's habit for the presentation)
//            where the habit is the practice's overall level (±15%) times its own taste for the
//            presentation (±25%), both fixed for the practice across months;
//   quantity = items × the presentation's usual quantity per item;
//   NIC      = quantity × the presentation's price per unit × the practice's price (±4%); actual cost
//              = NIC × 0.93; ADQ usage = quantity × ADQs per unit.
// The rates, quantities, prices and ADQs are rounded from the real September 2017 excerpt
// (../shared/data/nhs/prescribing/epd_201709.csv, four practices, ~30,000 patients).
//
// Planted, so a demo user has something to follow: Acklam Medical Centre (A81004) prescribes
// modified-release doxazosin twelve times as often as its neighbours (the low-priority measure
// lp-doxazosin-mr: a red flag, the top of the deciles and the largest saving), and pays three times
// the usual price per tablet for atorvastatin 20 mg (the price-per-unit page's largest saving).

import { seededRandom } from '../seeded-random.ts';
import { csvField, EPD_HEADER, epdChapter } from './epd-layout.ts';

export const SYNTHETIC_EPD_LABEL =
  'SYNTHETIC: made-up prescribing for the demo practices in the EPD layout (Fairview demo), not NHS data';

/** The practice the planted patterns are in. */
export const SYNTHETIC_EPD_PLANTED_PRACTICE = 'A81004';
/** The measure it is high on, and the presentation it pays too much for. */
export const SYNTHETIC_EPD_PLANTED_MEASURE = 'lp-doxazosin-mr';
export const SYNTHETIC_EPD_PLANTED_PRESENTATION = '0212000B0AAABAB';

export interface SyntheticPresentation {
  code: string;
  name: string;
  chemical: string;
  /** Items a month per 1,000 registered patients. */
  ratePer1000: number;
  quantityPerItem: number;
  /** £ a unit (NIC). */
  pricePerUnit: number;
  adqPerUnit: number;
}

export const SYNTHETIC_PRESENTATIONS: readonly SyntheticPresentation[] = [
  {
    code: '0501013B0AAABAB',
    name: 'Amoxicillin_Cap 500mg',
    chemical: 'Amoxicillin',
    ratePer1000: 7.5,
    quantityPerItem: 21,
    pricePerUnit: 0.06,
    adqPerUnit: 0.18,
  },
  {
    code: '0501130R0AAAGAG',
    name: 'Nitrofurantoin_Cap 100mg M/R',
    chemical: 'Nitrofurantoin',
    ratePer1000: 1.6,
    quantityPerItem: 12,
    pricePerUnit: 0.68,
    adqPerUnit: 0.5,
  },
  {
    code: '0501080W0AAAEAE',
    name: 'Trimethoprim_Tab 200mg',
    chemical: 'Trimethoprim',
    ratePer1000: 3.0,
    quantityPerItem: 12,
    pricePerUnit: 0.062,
    adqPerUnit: 0.5,
  },
  {
    code: '0501012G0AAABAB',
    name: 'Fluclox Sod_Cap 500mg',
    chemical: 'Flucloxacillin sodium',
    ratePer1000: 4.7,
    quantityPerItem: 32,
    pricePerUnit: 0.071,
    adqPerUnit: 0.5,
  },
  {
    code: '0501050B0AAADAD',
    name: 'Clarithromycin_Tab 500mg',
    chemical: 'Clarithromycin',
    ratePer1000: 2.0,
    quantityPerItem: 14,
    pricePerUnit: 0.144,
    adqPerUnit: 1,
  },
  {
    code: '0501021L0AAABAB',
    name: 'Cefalexin_Cap 500mg',
    chemical: 'Cefalexin',
    ratePer1000: 0.5,
    quantityPerItem: 20,
    pricePerUnit: 0.062,
    adqPerUnit: 1,
  },
  {
    code: '0205040D0AAACAC',
    name: 'Doxazosin Mesil_Tab 4mg',
    chemical: 'Doxazosin mesilate',
    ratePer1000: 3.7,
    quantityPerItem: 50,
    pricePerUnit: 0.028,
    adqPerUnit: 1,
  },
  {
    code: '0205040D0AAAQAQ',
    name: 'Doxazosin Mesil_Tab 4mg M/R',
    chemical: 'Doxazosin mesilate',
    ratePer1000: 0.3,
    quantityPerItem: 56,
    pricePerUnit: 0.178,
    adqPerUnit: 1,
  },
  {
    code: '0212000B0AAABAB',
    name: 'Atorvastatin_Tab 20mg',
    chemical: 'Atorvastatin',
    ratePer1000: 16.6,
    quantityPerItem: 31,
    pricePerUnit: 0.034,
    adqPerUnit: 1,
  },
  {
    code: '0212000B0AAACAC',
    name: 'Atorvastatin_Tab 40mg',
    chemical: 'Atorvastatin',
    ratePer1000: 14.8,
    quantityPerItem: 25,
    pricePerUnit: 0.042,
    adqPerUnit: 2,
  },
  {
    code: '0103050P0AAAAAA',
    name: 'Omeprazole_Cap E/C 20mg',
    chemical: 'Omeprazole',
    ratePer1000: 42,
    quantityPerItem: 37,
    pricePerUnit: 0.032,
    adqPerUnit: 1,
  },
  {
    code: '1001010J0AAAEAE',
    name: 'Ibuprofen_Tab 400mg',
    chemical: 'Ibuprofen',
    ratePer1000: 2.7,
    quantityPerItem: 67,
    pricePerUnit: 0.035,
    adqPerUnit: 0.33,
  },
  {
    code: '1001010P0AAAEAE',
    name: 'Naproxen_Tab 500mg',
    chemical: 'Naproxen',
    ratePer1000: 7.9,
    quantityPerItem: 53,
    pricePerUnit: 0.041,
    adqPerUnit: 1,
  },
  {
    code: '1001010C0AAAEAE',
    name: 'Diclofenac Sod_Tab E/C 50mg',
    chemical: 'Diclofenac sodium',
    ratePer1000: 1.2,
    quantityPerItem: 60,
    pricePerUnit: 0.03,
    adqPerUnit: 0.33,
  },
  {
    code: '0407010H0AAAMAM',
    name: 'Paracet_Tab 500mg',
    chemical: 'Paracetamol',
    ratePer1000: 21.5,
    quantityPerItem: 113,
    pricePerUnit: 0.02,
    adqPerUnit: 0.17,
  },
  {
    code: '0407010H0AAAQAQ',
    name: 'Paracet_Tab Solb 500mg',
    chemical: 'Paracetamol',
    ratePer1000: 0.7,
    quantityPerItem: 115,
    pricePerUnit: 0.115,
    adqPerUnit: 0.17,
  },
  {
    code: '0401010Z0AAAAAA',
    name: 'Zopiclone_Tab 7.5mg',
    chemical: 'Zopiclone',
    ratePer1000: 3.7,
    quantityPerItem: 17,
    pricePerUnit: 0.037,
    adqPerUnit: 1,
  },
  {
    code: '0301011R0AAAPAP',
    name: 'Salbutamol_Inha 100mcg (200 D) CFF',
    chemical: 'Salbutamol',
    ratePer1000: 19.7,
    quantityPerItem: 1.5,
    pricePerUnit: 1.5,
    adqPerUnit: 5.7,
  },
  {
    code: '0302000C0BPABBF',
    name: 'Clenil Modulite_Inha 100mcg (200D)',
    chemical: 'Beclometasone dipropionate',
    ratePer1000: 3.2,
    quantityPerItem: 1.2,
    pricePerUnit: 7.4,
    adqPerUnit: 5,
  },
  {
    code: '0601023AGAAABAB',
    name: 'Dapagliflozin_Tab 10mg',
    chemical: 'Dapagliflozin',
    ratePer1000: 1.1,
    quantityPerItem: 28,
    pricePerUnit: 1.3,
    adqPerUnit: 1,
  },
  {
    code: '0208020V0AAAAAA',
    name: 'Warfarin Sod_Tab 1mg',
    chemical: 'Warfarin sodium',
    ratePer1000: 5.1,
    quantityPerItem: 59,
    pricePerUnit: 0.023,
    adqPerUnit: 0,
  },
];

export interface SyntheticEpdPractice {
  code: string;
  name: string;
  /** Registered patients (the demo's list of the practice). */
  listSize: number;
}

export interface SyntheticEpdOptions {
  /** YYYY-MM, in order. */
  months: readonly string[];
  subIcb: { code: string; name: string };
  icb: { code: string; name: string };
}

/** A generator seeded by a text (this generator's own start, so the demo's bytes never change). */
function seeded(text: string): () => number {
  return seededRandom(text, 0x2545f491);
}

/** A Poisson draw: Knuth's product of uniforms for small means, a rounded normal above 30. */
function poisson(mean: number, rand: () => number): number {
  if (mean <= 0) return 0;
  if (mean > 30) {
    const z = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
  }
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rand();
  while (p > limit) {
    k++;
    p *= rand();
  }
  return k;
}

/** A factor around 1: 1 ± spread, uniform. */
const around = (rand: () => number, spread: number) => 1 + spread * (2 * rand() - 1);

/** The months' rows as an EPD CSV file (header, CRLF-free, rows by month then practice). */
export function syntheticEpdCsv(
  practices: readonly SyntheticEpdPractice[],
  options: SyntheticEpdOptions,
): string {
  const lines = [EPD_HEADER];
  const sorted = [...practices].sort((a, b) => a.code.localeCompare(b.code));
  for (const month of options.months) {
    for (const practice of sorted) {
      if (!(practice.listSize > 0)) continue;
      const habit = seeded(`habit|${practice.code}`);
      const level = around(habit, 0.15);
      const price = around(habit, 0.04);
      const prefix = [
        month.replace('-', ''),
        'SYNTHETIC DEMO DATA - NOT NHS DATA',
        'Y63',
        csvField(options.icb.name),
        options.icb.code,
        csvField(options.subIcb.name),
        options.subIcb.code,
        csvField(practice.name),
        practice.code,
        '',
        '',
        '',
        '',
        '',
      ].join(',');
      for (const p of SYNTHETIC_PRESENTATIONS) {
        const taste = seeded(`taste|${practice.code}|${p.code}`);
        let rate = p.ratePer1000 * level * around(taste, 0.25);
        let unitPrice = p.pricePerUnit * price;
        if (practice.code === SYNTHETIC_EPD_PLANTED_PRACTICE) {
          if (p.code === '0205040D0AAAQAQ') rate *= 12;
          if (p.code === '0205040D0AAACAC') rate *= 0.3;
          if (p.code === SYNTHETIC_EPD_PLANTED_PRESENTATION) unitPrice *= 3;
        }
        const rand = seeded(`month|${practice.code}|${month}|${p.code}`);
        const items = poisson((rate * practice.listSize) / 1000, rand);
        if (items === 0) continue;
        const total = Math.round(items * p.quantityPerItem * 10) / 10;
        const nic = Math.round(total * unitPrice * 100) / 100;
        const cost = Math.round(nic * 0.93 * 100000) / 100000;
        const adq = Math.round(total * p.adqPerUnit * 1000) / 1000;
        lines.push(
          [
            prefix,
            p.code.slice(0, 9),
            csvField(p.chemical),
            p.code,
            csvField(p.name),
            csvField(epdChapter(p.code)),
            p.quantityPerItem.toFixed(1),
            items,
            total.toFixed(1),
            adq,
            nic.toFixed(2),
            cost,
            'N',
          ].join(','),
        );
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

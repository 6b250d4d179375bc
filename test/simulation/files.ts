// Writes a SYNTHETIC England (england.ts) as the files Fairview imports, in their real layouts
// (../shared/spec/data-formats.md): the registrations practice map and 5-year age bands (one extract
// per QOF year), the Fingertips IMD extract, NHS Payments (for rurality), QOF prevalence and indicator
// mappings per QOF year, and two Fairview indicator templates (the achievement-type indicator and the
// monthly one). Every name says SYNTHETIC.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACHIEVEMENT, BANDS, MONTHLY, REGISTERS, type Simulation } from './england.ts';

export interface SimulationFiles {
  folder: string;
  /** NHS files, in the order they are imported. */
  nhs: string[];
  /** Fairview indicator templates. */
  templates: string[];
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** '2024-04-01' → '01APR2024', as the registrations files write it. */
function nhsDate(iso: string): string {
  return `${iso.slice(8, 10)}${MONTHS[Number(iso.slice(5, 7)) - 1]}${iso.slice(0, 4)}`;
}

/** '2023-24' → '2324', the QOF file suffix. */
function qofSuffix(year: string): string {
  return `${year.slice(2, 4)}${year.slice(5, 7)}`;
}

export async function writeSimulationFiles(sim: Simulation, folder?: string): Promise<SimulationFiles> {
  const dir = folder ?? (await mkdtemp(join(tmpdir(), 'fairview-simulation-')));
  const nhs: string[] = [];
  const templates: string[] = [];
  const write = async (name: string, lines: string[], list: string[]) => {
    const path = join(dir, name);
    await writeFile(path, `${lines.join('\r\n')}\r\n`);
    list.push(path);
  };

  // Registrations: the practice map and the 5-year bands, one extract per QOF year.
  for (const [y, iso] of sim.extractDates.entries()) {
    const date = nhsDate(iso);
    await write(
      `gp-reg-pat-prac-map-${iso}.csv`,
      [
        'PUBLICATION,EXTRACT_DATE,PRACTICE_CODE,PRACTICE_NAME,PRACTICE_POSTCODE,PCN_CODE,PCN_NAME,ONS_SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_CODE,SUB_ICB_LOCATION_NAME,ONS_ICB_CODE,ICB_CODE,ICB_NAME,ONS_COMM_REGION_CODE,COMM_REGION_CODE,COMM_REGION_NAME,SUPPLIER_NAME',
        ...sim.practices.map(
          (p) =>
            `GP_PRAC_PAT_LIST,${date},${p.code},${p.name},${p.postcode},${p.pcn},SYNTHETIC PCN ${p.pcn},E38${p.subIcb.padStart(6, '0')},${p.subIcb},SYNTHETIC SUB-ICB ${p.subIcb},E54${p.icb.padStart(6, '0')},${p.icb},SYNTHETIC ICB ${p.icb},E40${p.region.padStart(6, '0')},${p.region},SYNTHETIC REGION ${p.region},SYNTHETIC`,
        ),
      ],
      nhs,
    );
    const rows = [
      'PUBLICATION,EXTRACT_DATE,ORG_TYPE,ORG_CODE,ONS_CODE,POSTCODE,SEX,AGE_GROUP_5,NUMBER_OF_PATIENTS',
    ];
    for (const p of sim.practices) {
      const pop = p.population[y]!;
      const prefix = `GP_PRAC_PAT_LIST,${date},GP,${p.code},,${p.postcode}`;
      const female = pop.female.reduce((s, x) => s + x, 0);
      const male = pop.male.reduce((s, x) => s + x, 0);
      rows.push(`${prefix},ALL,ALL,${female + male}`);
      for (const [k, b] of BANDS.entries()) rows.push(`${prefix},FEMALE,${b.file},${pop.female[k]}`);
      rows.push(`${prefix},FEMALE,ALL,${female}`);
      for (const [k, b] of BANDS.entries()) rows.push(`${prefix},MALE,${b.file},${pop.male[k]}`);
      rows.push(`${prefix},MALE,ALL,${male}`);
    }
    await write(`gp-reg-pat-prac-quin-age-${iso}.csv`, rows, nhs);
  }

  // Deprivation: the Fingertips API extract of indicator 93553 (IMD 2019).
  await write(
    'imd-by-practice-api.csv',
    [
      '\uFEFFIndicatorID,Year,AreaCode,AreaName,IsAreaCurrent,Value',
      ...sim.practices.map((p) => `93553,2019,${p.code},${p.name},1,${p.imd}`),
    ],
    nhs,
  );

  // Rurality: NHS Payments to General Practice (its descriptive columns and a payment line).
  await write(
    'nhs-payments-to-general-practice-2022-23.csv',
    [
      'NHS England (Region) code,NHS England (Region) Name,CCG Code,Sub ICB NAME,Code,CCG NAME,Practice Code,Practice Name,Practice Address,Practice Postcode,Practice Open Date,Practice Close Date,Contract Type,Dispensing Practice,Practice type,Practice Rurality,Atypical characteristics,Number of Registered Patients (Last Known Figure),Global Sum',
      ...sim.practices.map(
        (p) =>
          `${p.region},SYNTHETIC REGION,${p.subIcb},SYNTHETIC SUB-ICB,${p.pcn},SYNTHETIC,${p.code},${p.name},SYNTHETIC ADDRESS,${p.postcode},01/04/1974,,GMS,No,GP practice,${p.rural ? 'Rural' : 'Urban'},,${p.listSize},${(p.listSize * 110).toFixed(2)}`,
      ),
    ],
    nhs,
  );

  // QOF: indicator mappings and prevalence per year.
  for (const year of sim.options.years) {
    const suffix = qofSuffix(year);
    await write(
      `MAPPING_INDICATORS_${suffix}.csv`,
      [
        'INDICATOR_CODE,INDICATOR_POINT_VALUE,GROUP_CODE,GROUP_DESCRIPTION,DOMAIN_CODE,DOMAIN_DESCRIPTION,PATIENT_LIST_TYPE',
        ...REGISTERS.map(
          (r) => `${r.group}001,5,${r.group},${r.description} (SYNTHETIC),CL,Clinical,${r.listType}`,
        ),
      ],
      nhs,
    );
    await write(
      `PREVALENCE_${suffix}.csv`,
      [
        'PRACTICE_CODE,GROUP_CODE,REGISTER,PATIENT_LIST_TYPE,PRACTICE_LIST_SIZE',
        ...sim.registers
          .filter((r) => r.year === year)
          .map((r) => `${r.practice},${r.group},${r.register}.0,${r.listType},${r.list}`),
      ],
      nhs,
    );
  }

  // The Fairview indicator templates.
  const header =
    'indicator_code,indicator_name,type,multiplier,polarity,period_type,practice_code,period,numerator,denominator,source,caveats';
  const source = 'SYNTHETIC: the Fairview calibration study (test/simulation) — not NHS data';
  await write(
    'sim-achievement.template.csv',
    [
      header,
      ...sim.achievement.map(
        (a) =>
          `${ACHIEVEMENT.code},${ACHIEVEMENT.name},proportion,100,higher_is_better,financial_year,${a.practice},${a.year},${a.numerator},${a.denominator},${source},SYNTHETIC`,
      ),
    ],
    templates,
  );
  if (sim.monthly.length > 0) {
    await write(
      'sim-monthly.template.csv',
      [
        header,
        ...sim.monthly.map(
          (m) =>
            `${MONTHLY.code},${MONTHLY.name},proportion,100,lower_is_better,month,${m.practice},${m.month},${m.numerator},${m.denominator},${source},SYNTHETIC`,
        ),
      ],
      templates,
    );
  }
  return { folder: dir, nhs, templates };
}

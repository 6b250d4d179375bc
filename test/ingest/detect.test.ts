import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectFile } from '../../src/ingest/read.ts';
import { NHS } from './support.ts';

const EXPECTED: Record<string, string> = {
  'ods/epraccur.csv': 'ods-epraccur',
  'registrations/gp-reg-pat-prac-quin-age.csv': 'gp-reg-quinary-age',
  'registrations/gp-reg-pat-prac-map.csv': 'gp-reg-practice-map',
  'registrations/legacy-quarterly/Patient_List_Size_2013_04-06.csv': 'gp-reg-legacy-quarterly',
  'registrations/legacy-quarterly/Patient_List_Size_2016_01-03.csv': 'gp-reg-legacy-quarterly',
  'qof/PREVALENCE_1617.csv': 'qof-prevalence',
  'qof/PREVALENCE_1718.csv': 'qof-prevalence',
  'qof/PREVALENCE_1819_v2.csv': 'qof-prevalence',
  'qof/PREVALENCE_1920.csv': 'qof-prevalence',
  'qof/PREVALENCE_2021_v2.csv': 'qof-prevalence',
  'qof/PREVALENCE_2425.csv': 'qof-prevalence',
  'qof/INDICATOR_MAPPINGS_1819_v2.csv': 'qof-indicator-mappings',
  'qof/INDICATOR_MAPPINGS_2019_2020.csv': 'qof-indicator-mappings',
  'qof/INDICATOR_MAPPINGS_2023_2024.csv': 'qof-indicator-mappings',
  'qof/ORGANISATION_REFERENCE_1617.csv': 'qof-organisation-reference',
  'qof/ORGANISATION_REFERENCE_1718.csv': 'qof-organisation-reference',
  'qof/ORGANISATION_REFERENCE_1819_v2.csv': 'qof-organisation-reference',
  'qof/MAPPING_NHS_GEOGRAPHIES_1920.csv': 'qof-nhs-geographies',
  'qof/MAPPING_NHS_GEOGRAPHIES_2021.csv': 'qof-nhs-geographies',
  'fingertips/smoking-prevalence-qof-91547.csv': 'fingertips-indicator-export',
  'fingertips/imd-by-practice-api.csv': 'fingertips-api-extract',
  'fingertips/imd-2025-by-practice.csv': 'imd-by-practice',
  'payments/nhs-payments-to-general-practice-2022-23.csv': 'nhs-payments',
};

describe('Every real file is recognised from its first row', () => {
  for (const [file, format] of Object.entries(EXPECTED)) {
    it(`detects ${file} as ${format}`, async () => {
      assert.deepEqual(
        (await detectFile(`${NHS}/${file}`)).map((p) => p.format.id),
        [format],
      );
    });
  }

  it('recognises the English Prescribing Dataset (issue 20)', async () => {
    assert.deepEqual(
      (await detectFile(`${NHS}/prescribing/epd_201709.csv`)).map((p) => p.format.id),
      ['epd'],
    );
  });
});

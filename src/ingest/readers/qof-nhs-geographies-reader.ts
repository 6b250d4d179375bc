// QOF MAPPING_NHS_GEOGRAPHIES_<yyzz>.csv: practice → PCN → sub-ICB (CCG) → ICB (STP) → region,
// observed at the end of the QOF year (31 March). Level names changed between years
// (STP_/CCG_ in 2019-20 and 2020-21, ICB_/SUB_ICB_LOC_ in 2021-22, ICB_/SUB_ICB_ after).

import { financialYearEnd } from '../periods.ts';
import type { FormatDefinition } from '../reader.ts';
import { HierarchyFileReader } from './hierarchy-file-reader.ts';
import { qofYearOf } from './qof-prevalence-reader.ts';

const SUB_ICB = ['SUB_ICB_ODS_CODE', 'SUB_ICB_LOC_ODS_CODE', 'CCG_ODS_CODE'];
const ICB = ['ICB_ODS_CODE', 'STP_ODS_CODE'];

export const qofNhsGeographies: FormatDefinition = {
  id: 'qof-nhs-geographies',
  name: 'QOF NHS geographies mapping',
  publisher: 'NHS England (NHS Digital)',
  detection: {
    by: 'header',
    requiredColumns: [['PRACTICE_CODE'], ['PCN_ODS_CODE'], SUB_ICB, ICB, ['REGION_ODS_CODE']],
  },
  period: { from: 'file-name', description: 'QOF year from the file name; memberships observed on 31 March' },
  yields: ['organisation', 'membership'],
  create: (context) => {
    const qofYear = qofYearOf(context);
    return new HierarchyFileReader(
      context,
      {
        practice: { code: ['PRACTICE_CODE'], name: ['PRACTICE_NAME'] },
        pcn: { code: ['PCN_ODS_CODE'], name: ['PCN_NAME'] },
        subIcb: {
          code: SUB_ICB,
          ons: ['SUB_ICB_ONS_CODE', 'SUB_ICB_LOC_ONS_CODE', 'CCG_ONS_CODE'],
          name: ['SUB_ICB_NAME', 'SUB_ICB_LOC_NAME', 'CCG_NAME'],
        },
        icb: { code: ICB, ons: ['ICB_ONS_CODE', 'STP_ONS_CODE'], name: ['ICB_NAME', 'STP_NAME'] },
        region: { code: ['REGION_ODS_CODE'], ons: ['REGION_ONS_CODE'], name: ['REGION_NAME'] },
      },
      financialYearEnd(qofYear),
      qofYear,
    );
  },
};

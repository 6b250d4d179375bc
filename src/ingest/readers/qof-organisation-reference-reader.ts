// QOF ORGANISATION_REFERENCE_<yyzz>.csv as published up to 2018-19, when it carried the geography:
// practice → CCG → region with names and ONS codes, observed at the end of the QOF year.
// The STP level has only an ONS code (no ODS code) in these files, so it is not read; the
// sub-regions (area teams) are not organisations Fairview keeps. From 2019-20 the file holds
// only PRACTICE_CODE and REVISED_MAX_POINTS: qof-max-points-reader.ts reads that layout.

import { financialYearEnd } from '../periods.ts';
import type { FormatDefinition } from '../reader.ts';
import { HierarchyFileReader } from './hierarchy-file-reader.ts';
import { qofYearOf } from './qof-prevalence-reader.ts';

export const qofOrganisationReference: FormatDefinition = {
  id: 'qof-organisation-reference',
  name: 'QOF organisation reference (2016-17 to 2018-19 layout)',
  publisher: 'NHS England (NHS Digital)',
  detection: {
    by: 'header',
    requiredColumns: [
      ['PRACTICE_CODE'],
      ['PRACTICE_NAME'],
      ['CCG_CODE'],
      ['REGION_CODE'],
      ['REVISED_MAXIMUM_POINTS'],
    ],
  },
  period: { from: 'file-name', description: 'QOF year from the file name; memberships observed on 31 March' },
  yields: ['organisation', 'membership'],
  create: (context) => {
    const qofYear = qofYearOf(context);
    return new HierarchyFileReader(
      context,
      {
        practice: { code: ['PRACTICE_CODE'], name: ['PRACTICE_NAME'] },
        subIcb: { code: ['CCG_CODE'], ons: ['CCG_GEOGRAPHY_CODE', 'CCG_ONS_CODE'], name: ['CCG_NAME'] },
        region: {
          code: ['REGION_CODE'],
          ons: ['REGION_GEOGRAPHY_CODE', 'REGION_ONS_CODE'],
          name: ['REGION_NAME'],
        },
      },
      financialYearEnd(qofYear),
      qofYear,
    );
  },
};

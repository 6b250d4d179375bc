// The formats Fairview reads, in the order detection tries them (more specific headers first).

import type { FormatId, ImportFormat } from '../domain/records.ts';
import type { FormatDefinition } from './reader.ts';
import { fingertipsApiExtract } from './readers/fingertips-api-extract-reader.ts';
import { fingertipsIndicatorExport } from './readers/fingertips-indicator-export-reader.ts';
import { gpRegLegacyQuarterly } from './readers/gp-reg-legacy-quarterly-reader.ts';
import { gpRegPracticeMap } from './readers/gp-reg-practice-map-reader.ts';
import { gpRegQuinaryAge } from './readers/gp-reg-quinary-age-reader.ts';
import { gpRegSingleAge } from './readers/gp-reg-single-age-reader.ts';
import { imdByPractice } from './readers/imd-by-practice-reader.ts';
import { nhsPayments } from './readers/nhs-payments-reader.ts';
import { odsEpcmem } from './readers/ods-epcmem-reader.ts';
import { odsEpraccur } from './readers/ods-epraccur-reader.ts';
import { epd, pdpi } from './readers/prescribing-formats.ts';
import { qofAchievement } from './readers/qof-achievement-reader.ts';
import { qofIndicatorMappings } from './readers/qof-indicator-mappings-reader.ts';
import { qofMaxPoints } from './readers/qof-max-points-reader.ts';
import { qofNhsGeographies } from './readers/qof-nhs-geographies-reader.ts';
import { qofOrganisationReference } from './readers/qof-organisation-reference-reader.ts';
import { qofPracticePoints } from './readers/qof-practice-points-reader.ts';
import { qofPrevalence } from './readers/qof-prevalence-reader.ts';

export const FORMAT_DEFINITIONS: readonly FormatDefinition[] = [
  gpRegQuinaryAge,
  gpRegSingleAge,
  gpRegPracticeMap,
  gpRegLegacyQuarterly,
  qofPrevalence,
  qofIndicatorMappings,
  qofNhsGeographies,
  qofOrganisationReference,
  qofMaxPoints,
  qofAchievement,
  qofPracticePoints,
  fingertipsIndicatorExport,
  fingertipsApiExtract,
  imdByPractice,
  nhsPayments,
  odsEpraccur,
  odsEpcmem,
  epd,
  pdpi,
];

/** The descriptors alone (no reader code): what the CLI and the import history show. */
export const FORMATS: readonly ImportFormat[] = FORMAT_DEFINITIONS.map(
  ({ id, name, publisher, detection, period, yields }) => ({
    id,
    name,
    publisher,
    detection,
    period,
    yields,
  }),
);

export function formatDefinition(id: FormatId): FormatDefinition {
  const found = FORMAT_DEFINITIONS.find((format) => format.id === id);
  if (!found) throw new Error(`unknown format id ${id}`);
  return found;
}

export function describeFormat(format: ImportFormat): ImportFormat {
  return FORMATS.find((f) => f.id === format.id)!;
}

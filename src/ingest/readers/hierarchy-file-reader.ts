// The organisation-tree files all carry the same facts under different column names: a practice,
// its PCN, sub-ICB (CCG), ICB (STP) and region with ODS codes, ONS codes and names. This reader is
// configured with each file's column names and where its observation date comes from; that date is
// also the date the file describes the organisations on (newest wins, src/app/import/newest-wins.ts).

import type { IsoDate, OrganisationKind } from '../../domain/records.ts';
import type { CsvRow } from '../csv-scanner.ts';
import type { FormatReader, ReaderContext } from '../reader.ts';
import { HierarchyEmitter, isAssignedPcn } from './hierarchy.ts';

/** Column names (aliases) of one level; the ODS code column is required if the level is listed. */
export interface LevelColumns {
  code: string[];
  ons?: string[];
  name?: string[];
  postcode?: string[];
}

export interface HierarchyLayout {
  practice: LevelColumns;
  pcn?: LevelColumns;
  subIcb?: LevelColumns;
  icb?: LevelColumns;
  region?: LevelColumns;
}

interface LevelIndexes {
  kind: OrganisationKind;
  code: number;
  ons: number | null;
  name: number | null;
  postcode: number | null;
}

export class HierarchyFileReader implements FormatReader {
  private readonly levels: LevelIndexes[] = [];
  private readonly hierarchy: HierarchyEmitter;
  private observedOn: IsoDate | null;

  /** `dateOf`: a fixed observation date, or a function reading it from each row. */
  constructor(
    private readonly context: ReaderContext,
    layout: HierarchyLayout,
    private readonly dateOf: IsoDate | ((row: CsvRow) => IsoDate),
    private readonly periodLabel: string | null = null,
  ) {
    const columns = context.columns!;
    const add = (kind: OrganisationKind, level: LevelColumns | undefined) => {
      if (!level) return;
      this.levels.push({
        kind,
        code: columns.require(...level.code),
        ons: level.ons ? columns.optional(...level.ons) : null,
        name: level.name ? columns.optional(...level.name) : null,
        postcode: level.postcode ? columns.optional(...level.postcode) : null,
      });
    };
    add('practice', layout.practice);
    add('pcn', layout.pcn);
    add('sub_icb', layout.subIcb);
    add('icb', layout.icb);
    add('region', layout.region);
    this.hierarchy = new HierarchyEmitter(context);
    this.observedOn = typeof dateOf === 'string' ? dateOf : null;
  }

  row(row: CsvRow): void {
    const { fields } = this.context;
    const observedOn = typeof this.dateOf === 'string' ? this.dateOf : this.dateOf(row);
    this.observedOn ??= observedOn;
    const codes = new Map<OrganisationKind, string>();
    for (const level of this.levels) {
      const code =
        level.kind === 'practice'
          ? fields.text(row, level.code, 'a practice code')
          : row.text(level.code).trim();
      if (code === '' || (level.kind === 'pcn' && !isAssignedPcn(code))) continue;
      codes.set(level.kind, code);
      this.hierarchy.organisation(
        level.kind,
        {
          code,
          name: fields.optionalText(row, level.name),
          onsCode: fields.optionalText(row, level.ons),
          postcode: fields.optionalText(row, level.postcode),
        },
        observedOn,
      );
    }
    const practice = codes.get('practice')!;
    const pcn = codes.get('pcn');
    const subIcb = codes.get('sub_icb');
    const icb = codes.get('icb');
    const region = codes.get('region');
    if (pcn) this.hierarchy.membership(practice, 'pcn', pcn, observedOn);
    if (subIcb) this.hierarchy.membership(practice, 'sub_icb', subIcb, observedOn);
    if (pcn && subIcb) this.hierarchy.membership(pcn, 'sub_icb', subIcb, observedOn);
    if (subIcb && icb) this.hierarchy.membership(subIcb, 'icb', icb, observedOn);
    if (icb && region) this.hierarchy.membership(icb, 'region', region, observedOn);
    if (subIcb && !icb && region) this.hierarchy.membership(subIcb, 'region', region, observedOn);
    if (!subIcb && !icb && region) this.hierarchy.membership(practice, 'region', region, observedOn);
  }

  finish(): void {}

  period(): string | null {
    return this.periodLabel ?? this.observedOn;
  }
}

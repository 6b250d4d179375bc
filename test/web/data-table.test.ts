import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type DataTable, pickColumns } from '../../src/web/exports/data-table.ts';

const table: DataTable = {
  title: 'Trend',
  columns: [{ label: 'Period' }, { label: 'Value', numeric: true }, { label: 'Mean', numeric: true }],
  rows: [
    ['2023-24', 12.5, null],
    ['2024-25', 13, 12.75],
  ],
};

describe('pickColumns', () => {
  it('keeps the chosen columns of every row, in the order asked, under the title and suffix', () => {
    assert.deepEqual(pickColumns(table, [2, 0], ': SPC'), {
      title: 'Trend: SPC',
      columns: [{ label: 'Mean', numeric: true }, { label: 'Period' }],
      rows: [
        [null, '2023-24'],
        [12.75, '2024-25'],
      ],
    });
    assert.equal(pickColumns(table, [0]).title, 'Trend');
  });

  it('refuses a column the table does not have', () => {
    assert.throws(() => pickColumns(table, [3]), /Trend has no column 3/);
  });
});

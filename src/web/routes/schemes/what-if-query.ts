/** The what-if page's query (?pounds_per_point=…&points.CODE=…): the fields as typed and the changes they ask for. */
import type { WhatIfChanges } from '../../../domain/schemes/what-if.ts';
import type { WhatIfForm } from '../../pages/schemes/what-if.ts';

const NUMBER = /^-?\d{1,9}(\.\d{1,6})?$/;

export /** The what-if form's fields, as typed, and the changes they ask for (blank = unchanged). */
function whatIfChanges(query: Record<string, string>): {
  form: WhatIfForm;
  changes: WhatIfChanges;
  error: string | null;
} {
  const form: WhatIfForm = {};
  const changes: WhatIfChanges = { items: {} };
  let error: string | null = null;
  for (const [key, raw] of Object.entries(query)) {
    const value = raw.trim();
    if (
      value === '' ||
      !/^(pounds_per_point|cap|(points|lower|upper|target)\.[A-Za-z0-9_.-]{1,64})$/.test(key)
    )
      continue;
    form[key] = value.slice(0, 20);
    if (!NUMBER.test(value)) {
      error = `${key}: enter a number, like 12.5`;
      continue;
    }
    const n = Number(value);
    if (key === 'pounds_per_point') changes.poundsPerPoint = n;
    else if (key === 'cap') changes.capPerPatient = n;
    else {
      const [field, code] = [key.slice(0, key.indexOf('.')), key.slice(key.indexOf('.') + 1)];
      const item = changes.items![code] ?? {};
      changes.items![code] = item;
      if (field === 'points') item.points = n;
      else if (field === 'lower') item.lowerThreshold = n;
      else if (field === 'upper') item.upperThreshold = n;
      else item.target = n;
    }
  }
  return { form, changes, error };
}

// The form schema (src/web/forms.ts, issue 16): each field kind as a table of what is sent and what
// the route gets, or the field the refusal names. No server: the schema is a pure function of the values.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isUseCaseError } from '../../src/app/use-case-error.ts';
import {
  checkbox,
  date,
  echoValues,
  type Field,
  formValues,
  idOrNull,
  integer,
  list,
  oneOf,
  optionalText,
  parseForm,
  text,
} from '../../src/web/forms.ts';

const read = <T>(field: Field<T>, values: string[]): T => parseForm({ f: values }, { f: field }).f;

/** The refusal a field gives: its kind, message and field, or null when it accepts. */
function refusal<T>(field: Field<T>, values: string[]): [string, string, string | null] | null {
  try {
    read(field, values);
    return null;
  } catch (error) {
    if (!isUseCaseError(error)) throw error;
    return [error.kind, error.message, error.field];
  }
}

describe('form fields', () => {
  const accepted: [string, Field<unknown>, string[], unknown][] = [
    ['text trims', text(10), ['  a b  '], 'a b'],
    ['text absent is empty', text(10), [], ''],
    ['text takes the last of several (as parseBody)', text(10), ['x', 'y'], 'y'],
    ['text keeps spaces when asked', text(10, { trim: false }), [' a '], ' a '],
    ['text clips when asked', text(3, { clip: true }), ['abcdef'], 'abc'],
    ['optionalText empty is null', optionalText(10), ['  '], null],
    ['optionalText keeps a value', optionalText(10), ['x'], 'x'],
    ['integer', integer('whole number'), ['42'], 42],
    ['integer empty is null', integer('whole number'), [''], null],
    ['oneOf', oneOf(['a', 'b'], 'a or b'), ['b'], 'b'],
    ['oneOf empty is null', oneOf(['a', 'b'], 'a or b'), [], null],
    ['date', date('a day'), ['2024-02-29'], '2024-02-29'],
    ['checkbox ticked', checkbox(), ['on'], true],
    ['checkbox absent', checkbox(), [], false],
    ['list keeps every value, trimmed, empties left out', list(), [' a', '', 'b '], ['a', 'b']],
    ['idOrNull digits', idOrNull(), ['7'], 7],
    ['idOrNull anything else is null', idOrNull(), ['7a'], null],
  ];
  for (const [title, field, values, expected] of accepted)
    it(title, () => assert.deepEqual(read(field, values), expected));

  const refused: [string, Field<unknown>, string[], string][] = [
    ['text over its limit', text(3), ['abcd'], 'f must be at most 3 characters'],
    ['text required and empty', text(3, { required: 'Enter f' }), ['  '], 'Enter f'],
    ['integer not a number', integer('whole number'), ['4.5'], 'whole number'],
    ['integer out of range', integer('1 to 9', { min: 1, max: 9 }), ['10'], '1 to 9'],
    ['oneOf another value', oneOf(['a', 'b'], 'a or b'), ['c'], 'a or b'],
    ['date not a day', date('a day'), ['2023-02-29'], 'a day'],
    ['date not the form', date('a day'), ['1/2/2024'], 'a day'],
  ];
  for (const [title, field, values, message] of refused)
    it(`refuses: ${title}, naming the field`, () =>
      assert.deepEqual(refusal(field, values), ['invalid', message, 'f']));
});

describe('a parsed body', () => {
  it('drops files, keeps every text value, and echoes the last of each without the CSRF token', () => {
    const values = formValues({ a: 'x', b: ['y', 'z'], file: new File(['1'], 'f.txt'), csrf_token: 't' });
    assert.deepEqual(values, { a: ['x'], b: ['y', 'z'], file: [], csrf_token: ['t'] });
    assert.deepEqual(echoValues(values), { a: 'x', b: 'z' });
  });
});

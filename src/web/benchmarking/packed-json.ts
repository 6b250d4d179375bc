/**
 * A JSON value packed into bytes for keeping, its tables by column: an array of objects that share
 * their keys is written once as its keys and then a column per key, numbers as 64-bit floats, a
 * column of few distinct strings as indexes into them, and an object column whose objects share their
 * keys as columns in turn. What comes back is exactly JSON.parse(JSON.stringify(value)).
 *
 * Why (issue 15): a signed-in viewer's first England-wide indicator page starts from the visitors'
 * view kept in the database, 6,000 practices of ~20 fields and four nested objects each. As JSON that
 * was 6.1 MB, and reading it back (parsing the text, each of ~150,000 numbers from its 17 digits) was a
 * third of her first request. Packed, its numbers are read as they were written (a Float64Array over
 * the bytes) and the text left to parse is the practices' codes and names.
 *
 * The bytes: the length of the text part (uint32, little-endian), the text part (UTF-8 JSON), zero to
 * seven bytes of padding, then the numbers (float64, little-endian). The text part is the value as
 * JSON, except that every array carries a tag first:
 * [0, ...items] is a plain array (its items packed in turn) and [1, rows, ...columns] a table, so no
 * value can be mistaken for the packing whatever its keys or strings. A table's column is one of
 * - [key, VALUES, values]: its values, packed in turn;
 * - [key, NUMBERS, start]: numbers or nulls, rows floats from `start` of the numbers (null as NaN,
 *   which JSON cannot hold);
 * - [key, BOOLEANS, start]: booleans or nulls, as 1, 0 or NaN the same way;
 * - [key, WORDS, words, start]: strings or nulls, each an index into `words` the same way;
 * - [key, OBJECTS, columns]: objects sharing their keys (no nulls), as columns in turn.
 */

const PLAIN_ARRAY = 0;
const TABLE = 1;

const VALUES = 0;
const NUMBERS = 1;
const BOOLEANS = 2;
const WORDS = 3;
const OBJECTS = 4;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

type Column =
  | [key: string, kind: typeof VALUES, values: Json[]]
  | [key: string, kind: typeof NUMBERS | typeof BOOLEANS, start: number]
  | [key: string, kind: typeof WORDS, words: string[], start: number]
  | [key: string, kind: typeof OBJECTS, columns: Column[]];

/** Arrays shorter than this are left plain: packing would not pay for the keys it writes. */
const MIN_TABLE_ROWS = 8;

/** Fewer distinct strings than this share of a column's rows make it a column of words. */
const WORDS_SHARE = 0.25;

/** `value` packed into bytes. */
export function packJson(value: unknown): Buffer {
  const numbers: number[] = [];
  const json = isJson(value) ? value : (asJson(value) ?? null);
  const text = Buffer.from(JSON.stringify(pack(json, numbers)), 'utf8');
  const start = align8(4 + text.length);
  const bytes = Buffer.alloc(start + numbers.length * 8);
  bytes.writeUInt32LE(text.length, 0);
  text.copy(bytes, 4);
  for (let i = 0; i < numbers.length; i++) bytes.writeDoubleLE(numbers[i]!, start + i * 8);
  return bytes;
}

/** The value packJson packed: JSON.parse(JSON.stringify(value)). */
export function unpackJson(bytes: Uint8Array): unknown {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(0, true);
  const start = align8(4 + length);
  const packed = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 4, length).toString('utf8')) as Json;
  // The floats are read in place when aligned (on this little-endian machine), else from a copy.
  const count = (bytes.byteLength - start) / 8;
  const numbers =
    (bytes.byteOffset + start) % 8 === 0 && LITTLE_ENDIAN
      ? new Float64Array(bytes.buffer, bytes.byteOffset + start, count)
      : Float64Array.from({ length: count }, (_, i) => view.getFloat64(start + i * 8, true));
  return unpack(packed, numbers);
}

const LITTLE_ENDIAN = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

/** `value` as JSON.stringify sees it (toJSON called, non-finite numbers null, -0 as 0, undefined left out). */
function asJson(value: unknown): Json | undefined {
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  )
    value = (value as { toJSON(): unknown }).toJSON();
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      // -0 is written 0 by JSON.stringify.
      return Number.isFinite(value) ? value + 0 : null;
    case 'object':
      break;
    default:
      return undefined;
  }
  if (value === null) return null;
  if (Array.isArray(value)) return value.map((item) => asJson(item) ?? null);
  const out: JsonObject = {};
  for (const key of Object.keys(value)) {
    const v = asJson((value as Record<string, unknown>)[key]);
    if (v !== undefined) set(out, key, v);
  }
  return out;
}

/** Whether `value` is JSON as it stands (asJson would copy it unchanged): views read back usually are. */
function isJson(value: unknown): value is Json {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object':
      break;
    default:
      return false;
  }
  if (value === null) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (!isJson(item)) return false;
    return true;
  }
  if (
    Object.getPrototypeOf(value) !== Object.prototype ||
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  )
    return false;
  for (const key in value)
    if (!Object.hasOwn(value, key) || !isJson((value as Record<string, unknown>)[key])) return false;
  return true;
}

function isObject(value: Json): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** out[key] = v as JSON.parse sets it: an own property, even when the key is "__proto__". */
function set(out: JsonObject, key: string, v: Json): void {
  if (key === '__proto__')
    Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
  else out[key] = v;
}

function pack(value: Json, numbers: number[]): Json {
  if (Array.isArray(value)) {
    const keys = value.length >= MIN_TABLE_ROWS ? sharedKeys(value) : null;
    if (keys === null) return [PLAIN_ARRAY, ...value.map((item) => pack(item, numbers))];
    return [TABLE, value.length, ...columnsOf(keys, value as JsonObject[], numbers)];
  }
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const key of Object.keys(value)) set(out, key, pack(value[key]!, numbers));
  return out;
}

/** The keys every one of `rows` has, in the same order, or null when they are not all such objects. */
function sharedKeys(rows: readonly Json[]): string[] | null {
  const first = rows[0];
  if (first === undefined || !isObject(first)) return null;
  const keys = Object.keys(first);
  for (const row of rows) {
    if (!isObject(row)) return null;
    let i = 0;
    for (const key in row) if (keys[i++] !== key) return null;
    if (i !== keys.length) return null;
  }
  return keys;
}

function columnsOf(keys: readonly string[], rows: readonly JsonObject[], numbers: number[]): Column[] {
  return keys.map((key) =>
    columnOf(
      key,
      rows.map((row) => row[key]!),
      numbers,
    ),
  );
}

function columnOf(key: string, values: readonly Json[], numbers: number[]): Column {
  const keys = sharedKeys(values);
  if (keys !== null) return [key, OBJECTS, columnsOf(keys, values as JsonObject[], numbers)];
  const kind = scalarKind(values);
  const start = numbers.length;
  if (kind === 'number') {
    for (const v of values) numbers.push(v === null ? Number.NaN : (v as number));
    return [key, NUMBERS, start];
  }
  if (kind === 'boolean') {
    for (const v of values) numbers.push(v === null ? Number.NaN : v ? 1 : 0);
    return [key, BOOLEANS, start];
  }
  if (kind === 'string') {
    const words = new Map<string, number>();
    for (const v of values) if (v !== null && !words.has(v as string)) words.set(v as string, words.size);
    if (words.size <= values.length * WORDS_SHARE) {
      for (const v of values) numbers.push(v === null ? Number.NaN : words.get(v as string)!);
      return [key, WORDS, [...words.keys()], start];
    }
  }
  return [key, VALUES, values.map((v) => pack(v, numbers))];
}

/** The one type of the values that are not null, when it is a number, boolean or string; else null. */
function scalarKind(values: readonly Json[]): 'number' | 'boolean' | 'string' | null {
  let kind: string | null = null;
  for (const v of values) {
    if (v === null) continue;
    const t = typeof v;
    if (t === 'object' || (kind !== null && t !== kind)) return null;
    kind = t;
  }
  return kind as 'number' | 'boolean' | 'string' | null;
}

function unpack(value: Json, numbers: Float64Array): Json {
  if (Array.isArray(value)) {
    if (value[0] === PLAIN_ARRAY) {
      const items = new Array<Json>(value.length - 1);
      for (let i = 1; i < value.length; i++) items[i - 1] = unpack(value[i]!, numbers);
      return items;
    }
    const rows = value[1] as number;
    const table = new Array<JsonObject>(rows);
    for (let i = 0; i < rows; i++) table[i] = {};
    for (let c = 2; c < value.length; c++) fill(table, value[c] as Column, numbers);
    return table;
  }
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const key of Object.keys(value)) set(out, key, unpack(value[key]!, numbers));
  return out;
}

/**
 * Sets one column's key on every row. Column by column, so every row gains its keys in the same order
 * and the rows share one hidden class, as JSON.parse's would.
 */
function fill(rows: JsonObject[], column: Column, numbers: Float64Array): void {
  const key = column[0];
  const n = rows.length;
  switch (column[1]) {
    case VALUES:
      for (let i = 0; i < n; i++) set(rows[i]!, key, unpack(column[2][i]!, numbers));
      return;
    case NUMBERS:
      for (let i = 0, at = column[2]; i < n; i++, at++) {
        const v = numbers[at]!;
        set(rows[i]!, key, Number.isNaN(v) ? null : v);
      }
      return;
    case BOOLEANS:
      for (let i = 0, at = column[2]; i < n; i++, at++) {
        const v = numbers[at]!;
        set(rows[i]!, key, Number.isNaN(v) ? null : v === 1);
      }
      return;
    case WORDS: {
      const words = column[2];
      for (let i = 0, at = column[3]; i < n; i++, at++) {
        const v = numbers[at]!;
        set(rows[i]!, key, Number.isNaN(v) ? null : words[v]!);
      }
      return;
    }
    case OBJECTS: {
      const inner = new Array<JsonObject>(n);
      for (let i = 0; i < n; i++) inner[i] = {};
      for (const c of column[2]) fill(inner, c, numbers);
      for (let i = 0; i < n; i++) set(rows[i]!, key, inner[i]!);
    }
  }
}

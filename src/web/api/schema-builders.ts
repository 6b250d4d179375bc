/**
 * Small builders for the JSON Schemas written by hand in the OpenAPI document
 * (src/web/*\/openapi-schemas.ts): every field of an object is required — a missing value is `null`,
 * so nullable types say so — which is how the views serialise.
 */
import type { Json } from './openapi.ts';

export type Schema = { [key: string]: Json };

export const str: Schema = { type: 'string' };
export const num: Schema = { type: 'number' };
export const int: Schema = { type: 'integer' };
export const bool: Schema = { type: 'boolean' };
export const nullable = (s: Schema): Schema => ({ ...s, type: [s.type as string, 'null'] });
export const obj = (properties: Record<string, Schema>, nullableObject = false): Schema => ({
  type: nullableObject ? ['object', 'null'] : 'object',
  properties,
  required: Object.keys(properties),
});
export const arr = (items: Schema): Schema => ({ type: 'array', items });
export const nnum = nullable(num);
export const nstr = nullable(str);
export const nint = nullable(int);

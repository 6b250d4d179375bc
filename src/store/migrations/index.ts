// Every migration, in order. Listed here (not found by scanning a folder) so the set is fixed at build
// time and works the same from any working directory. To add one: write NNN-what-it-does.ts with
// up()/down() and add it below; never edit a migration that has shipped.
import type { Migration } from 'kysely';
import * as initialSchema from './001-initial-schema.ts';

export const migrations: Record<string, Migration> = {
  '001-initial-schema': initialSchema,
};

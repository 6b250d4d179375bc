// The store's public face: open it, bulk-insert into it, and the table types.
export { migrateToLatest, openStore, type Store, type StoreOptions } from './database.ts';
export { type InsertRowsOptions, insertRows, type OnConflict } from './insert-rows.ts';
export type * from './schema.ts';

// The notification tables (migration 008) are in the store's `Database` (src/store/schema/openness.ts).
// This pass-through stays only for src/app/releases/publish.ts, which another change is editing at
// the same time: delete it when that caller drops it.
import type { Db } from '../db.ts';

export const withNotifications = (db: Db): Db => db;

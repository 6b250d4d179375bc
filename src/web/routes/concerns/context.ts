/** What the concern sub-apps share: the store, the clock, where e-mail goes, and the pack's disclosure control. */
import { Hono } from 'hono';
import { utcDate } from '../../../app/clock.ts';
import type { ConcernView } from '../../../app/concerns/read.ts';
import type { Db } from '../../../app/db.ts';
import type { Mailer } from '../../../app/notifications/mailer.ts';
import type { NotifyOptions } from '../../../app/notifications/notify.ts';
import { pointControl } from '../../benchmarking/viewer-control.ts';
import type { RouteContext, RouteEnv } from '../../request.ts';

export interface ConcernRouteOptions {
  db: Db;
  now: () => Date;
  /** Where notification e-mail goes; default from the environment (SMTP or the outbox folder). */
  mailer?: Mailer | null;
}

export type ConcernContext = ReturnType<typeof concernContext>;

export function concernContext(options: ConcernRouteOptions) {
  const { db, now } = options;
  const _app = new Hono<RouteEnv>();
  // The frozen funnel is drawn for each viewer under the release's disclosure control, as the indicator
  // page draws it: the pack holds every practice's exact counts, and a dot's place gives them back.
  const packControl = (c: RouteContext, v: ConcernView) =>
    pointControl(db, c.get('session')?.user ?? null, v.row.release_id, v.row.indicator_id, v.row.period);
  /** Each request's clock reading, with where its notification e-mail goes. */
  const mail = (): NotifyOptions => ({
    now: now(),
    ...(options.mailer === undefined ? {} : { mailer: options.mailer }),
  });
  const today = () => utcDate(now());

  return { db, now, packControl, mail, today };
}

/** What the obligation sub-apps share: the store, the clock and where notification e-mail goes. */
import type { Clock } from '../../../app/clock.ts';
import type { Db } from '../../../app/db.ts';
import type { Mailer } from '../../../app/notifications/mailer.ts';
import type { NotifyOptions } from '../../../app/notifications/notify.ts';

export interface ObligationRouteOptions {
  db: Db;
  now: Clock;
  /** Where notification e-mail goes; default from the environment (SMTP or the outbox folder). */
  mailer?: Mailer | null;
}

/** Each request's clock reading, with where its notification e-mail goes. */
export const mailOf = (options: ObligationRouteOptions): NotifyOptions => ({
  now: options.now(),
  ...(options.mailer === undefined ? {} : { mailer: options.mailer }),
});

/**
 * A tiny browser for tests: drives the real Hono app with app.request(), keeps cookies between
 * requests, and fills in the CSRF token from the last page the way a real form post would.
 */
import type { Kysely } from 'kysely';
import { createUser } from '../../src/app/auth/users.ts';
import { parseRoleSpec } from '../../src/domain/roles.ts';
import type { Database } from '../../src/store/schema.ts';

/** What the tests need of the app: Hono's app.request(). */
interface RequestableApp {
  request(input: string, init?: RequestInit): Response | Promise<Response>;
}

/** Cheap scrypt for tests: the stored hash carries its cost, so verification works the same. */
export const TEST_COST = { N: 2 ** 10, r: 8, p: 1 };

export async function addUser(db: Kysely<Database>, username: string, ...roles: string[]): Promise<string> {
  const password = `${username}-correct-horse-battery`;
  await createUser(db, {
    username,
    password,
    roles: roles.map(parseRoleSpec),
    actor: 'test',
    now: new Date(),
    cost: TEST_COST,
  });
  return password;
}

export class TestBrowser {
  readonly cookies = new Map<string, string>();
  lastHtml = '';

  constructor(private readonly app: RequestableApp) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(path: string): Promise<Response> {
    const res = await this.app.request(`http://localhost${path}`, {
      headers: { cookie: this.cookieHeader() },
    });
    this.remember(res);
    if ((res.headers.get('content-type') ?? '').includes('text/html'))
      this.lastHtml = await res.clone().text();
    return res;
  }

  /** Posts a form; `csrf: true` copies the csrf_token hidden input from the last page fetched. */
  async post(
    path: string,
    form: Record<string, string>,
    options: { csrf?: boolean } = { csrf: true },
  ): Promise<Response> {
    const fields = { ...form };
    if (options.csrf !== false && fields.csrf_token === undefined) {
      const token = /name="csrf_token" value="([^"]+)"/.exec(this.lastHtml)?.[1];
      if (token) fields.csrf_token = token;
    }
    const res = await this.app.request(`http://localhost${path}`, {
      method: 'POST',
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    this.remember(res);
    if ((res.headers.get('content-type') ?? '').includes('text/html'))
      this.lastHtml = await res.clone().text();
    return res;
  }

  async signIn(username: string, password: string): Promise<Response> {
    await this.get('/sign-in');
    const formToken = /name="form_token" value="([^"]+)"/.exec(this.lastHtml)?.[1] ?? '';
    return this.post('/sign-in', { username, password, form_token: formToken, next: '/' }, { csrf: false });
  }
}

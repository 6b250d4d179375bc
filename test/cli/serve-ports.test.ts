// Which ports `fairview serve` listens on. With PORT set (as hosts set it) and no health port asked
// for, the health port fell back to PORT too, and the server stopped at start with EADDRINUSE.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { defaultInFlight, SERVER_MALLOC_ENV, servePorts } from '../../src/cli/commands/serve.ts';

const cases: [title: string, args: string[], env: NodeJS.ProcessEnv, port: number, health: number | null][] =
  [
    ['nothing given', [], {}, 3000, null],
    ['PORT only: no health port', [], { PORT: '18800' }, 18800, null],
    ['both variables', [], { PORT: '8080', FAIRVIEW_HEALTH_PORT: '8081' }, 8080, 8081],
    [
      'flags win over variables',
      ['--port', '1', '--health-port', '2'],
      { PORT: '8080', FAIRVIEW_HEALTH_PORT: '8081' },
      1,
      2,
    ],
    ['port 0 (any free port)', ['--port', '0', '--health-port', '0'], {}, 0, 0],
  ];

for (const [title, args, env, port, health] of cases)
  it(`serve's ports: ${title}`, () => {
    assert.deepEqual(servePorts(args, env), { port, healthPort: health });
  });

it('refuses what is not a port number', () => {
  assert.throws(() => servePorts(['--port', 'http'], {}), /'http' is not a port number/);
  assert.throws(() => servePorts([], { FAIRVIEW_HEALTH_PORT: '70000' }), /'70000' is not a port number/);
});

it('works on 8 requests a lane at once on PGlite (one session) and 16 on PostgreSQL', () => {
  assert.equal(defaultInFlight({}), 8);
  assert.equal(defaultInFlight({ DATABASE_URL: 'postgres://localhost/fairview' }), 16);
});

it("runs `npm start` with the server's allocator settings, and nothing else before node", () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const settings = Object.entries(SERVER_MALLOC_ENV).map(([k, v]) => `${k}=${v}`);
  assert.equal(pkg.scripts.start, `${settings.join(' ')} node bin/fairview.js serve --demo`);
});

// Stopping the server lets the requests being answered finish before it returns (so the store is not
// closed under them), takes no new ones, and does not wait for ever on one that never ends.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listenNow } from '../../src/cli/commands/serve.ts';

describe('stopping the server', () => {
  it('finishes the request being answered before close() returns, and refuses new connections', async () => {
    let finish!: () => void;
    let begun!: () => void;
    const begin = new Promise<void>((r) => {
      begun = r;
    });
    const server = await listenNow(
      async () => {
        begun();
        await new Promise<void>((r) => {
          finish = r;
        });
        return new Response('finished');
      },
      { port: 0, hostname: '127.0.0.1' },
    );
    const origin = server.url.replace('localhost', '127.0.0.1');
    const inFlight = fetch(`${origin}/slow`);
    await begin;
    let closedAt = 0;
    const closing = server.close().then(() => {
      closedAt = performance.now();
    });
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(closedAt, 0, 'close() waits for the request being answered');
    const finishedAt = performance.now();
    finish();
    const res = await inFlight;
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'finished');
    await closing;
    assert.ok(closedAt >= finishedAt);
    await assert.rejects(fetch(`${origin}/after`), 'no new connection after close');
  });
});

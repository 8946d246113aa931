import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { LiveHub } from '@/lib/live/hub';
import type { NodeView } from '@/lib/analyze/views';
import type { LiveMessage } from '@/lib/live/messages';

const node = (name: string): NodeView => ({
  name, host: 'h', nodeId: 1, reachable: true, ssh: 'up', sshError: null, corosync: 'up', corosyncError: null, quorate: true,
  ringId: null, totalVotes: 3, expectedVotes: 3, members: [], links: [], bonds: [], errors: [], lastPollAt: 1, pollMs: 1,
  clockOffsetMs: 0, logFollowing: true,
});

let server: Server;
let hub: LiveHub;
afterEach(() => {
  hub?.close();
  server?.close();
});

async function setup(opts = {}) {
  hub = new LiveHub(() => ({ clusters: [{ name: 'lab', quorate: true, pollIntervalMs: 1000, nodes: [node('pve1')] }], events: [] }), opts);
  server = createServer();
  const wss = new WebSocketServer({ server });
  wss.on('connection', (ws) => hub.attach(ws));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function client(url: string): Promise<{ ws: WebSocket; messages: LiveMessage[] }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    const messages: LiveMessage[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(String(d))));
    ws.on('open', () => resolve({ ws, messages }));
  });
}

const until = async (cond: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('live hub', () => {
  it('sends one snapshot, then coalesces a burst into one delta', async () => {
    const url = await setup({ coalesceMs: 50 });
    const c = await client(url);
    await until(() => c.messages.length === 1);
    expect(c.messages[0].type).toBe('snapshot');
    const n = node('pve1');
    for (let i = 0; i < 20; i++) {
      n.pollMs = i;
      hub.nodeChanged('lab', n, true);
    }
    await until(() => c.messages.length === 2);
    await new Promise((r) => setTimeout(r, 150));
    expect(c.messages).toHaveLength(2);
    const d = c.messages[1];
    expect(d.type === 'delta' && d.nodes.map((x) => x.node.pollMs)).toEqual([19]);
    c.ws.close();
  });

  it('drops a client that does not read while others keep receiving', async () => {
    const url = await setup({ coalesceMs: 5, maxBufferedBytes: 64 * 1024 });
    const fast = await client(url);
    const slow = await client(url);
    await until(() => fast.messages.length === 1 && slow.messages.length === 1);
    (slow.ws as any)._socket.pause(); // stops reading: its server-side buffer fills
    const big = node('pve1');
    big.errors = [{ probe: 'x', error: 'y'.repeat(200_000) }];
    for (let i = 0; i < 40; i++) {
      big.pollMs = i;
      hub.nodeChanged('lab', big, true);
      hub.flush();
      await new Promise((r) => setTimeout(r, 5));
    }
    await until(() => fast.messages.length === 41, 10_000);
    expect(hub.droppedClients).toBe(1);
    expect(hub.clientCount).toBe(1);
    fast.ws.close();
  });
});

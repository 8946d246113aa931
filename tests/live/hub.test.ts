import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { LiveHub } from '@/lib/live/hub';
import type { NodeView } from '@/lib/analyze/views';
import type { LiveMessage } from '@/lib/live/messages';
import { applyMessage } from '@/lib/live/apply';

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

async function setup(opts = {}, nodes = () => [node('pve1')]) {
  hub = new LiveHub(() => ({ clusters: [{ name: 'lab', quorate: true, pollIntervalMs: 1000, nodes: nodes() }], events: [] }), opts);
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
    for (let i = 0; i < 40; i++) {
      big.errors = [{ probe: 'x', error: `${i}`.repeat(200_000) }]; // changes every time: every delta carries it
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

  it('sends a node whole once, then only what changed; a client applying them has the same view as the model', async () => {
    const url = await setup({ coalesceMs: 5 });
    const c = await client(url);
    await until(() => c.messages.length === 1);
    const n = node('pve1');
    const link = (peer: string, l: number) => ({
      peer, peerId: 2, link: l, enabled: true, connected: true, active: l === 0, mtu: 1397, latencyUs: 150, latencyMinUs: 100,
      latencyMaxUs: 300, latencySamples: 2048, changedAt: 1, rttUs: 40, rttMinUs: 30, rttMaxUs: 60, rttCount: 5, rttLost: 0, knetWindowUs: 150,
    });
    n.links = [link('pve2', 0), link('pve2', 1), link('pve3', 0), link('pve3', 1)];
    hub.nodeChanged('lab', n, true);
    await until(() => c.messages.length === 2);
    const first = c.messages[1];
    expect(first.type === 'delta' && first.nodes.length === 1 && first.patches.length).toBe(0);

    n.links[2].connected = false; // pve3 link0 down, link1 takes over
    n.links[2].active = false;
    n.links[3].active = true;
    n.pollMs = 42;
    hub.nodeChanged('lab', n, true);
    await until(() => c.messages.length === 3);
    const d = c.messages[2];
    if (d.type !== 'delta') throw new Error('expected a delta');
    expect(d.nodes).toEqual([]);
    expect(d.patches).toEqual([{
      cluster: 'lab', name: 'pve1', set: { pollMs: 42 },
      links: [{ peer: 'pve3', link: 0, connected: false, active: false }, { peer: 'pve3', link: 1, active: true }],
    }]);
    expect(JSON.stringify(d).length).toBeLessThan(JSON.stringify(first).length / 2);

    let state = { clusters: [], events: [] } as Parameters<typeof applyMessage>[0];
    for (const m of c.messages) state = applyMessage(state, m);
    expect(state.clusters[0].nodes[0]).toEqual(JSON.parse(JSON.stringify(n)));

    hub.nodeChanged('lab', n, true); // nothing changed: nothing for this node
    await new Promise((r) => setTimeout(r, 50));
    const quiet = c.messages[3];
    expect(quiet === undefined || (quiet.type === 'delta' && quiet.patches.length === 0 && quiet.nodes.length === 0)).toBe(true);
    c.ws.close();
  });

  it('a client that joins later gets a snapshot that the following patches apply to', async () => {
    const n = node('pve1');
    const url = await setup({ coalesceMs: 5 }, () => [structuredClone(n)]);
    const a = await client(url);
    hub.nodeChanged('lab', n, true);
    await until(() => a.messages.length === 2);
    n.ringId = 'r2';
    hub.nodeChanged('lab', n, true); // pending when b joins: b's snapshot has r2
    const b = await client(url);
    await until(() => b.messages.length >= 1);
    n.ringId = null; // back to what a was last sent: b must not be left with r2
    hub.nodeChanged('lab', n, true);
    await until(() => b.messages.length >= 2 && a.messages.length >= 4);
    expect(b.messages[0].type).toBe('snapshot'); // first, even with a change pending when it joined
    let sa = { clusters: [], events: [] } as Parameters<typeof applyMessage>[0];
    let sb = { clusters: [], events: [] } as Parameters<typeof applyMessage>[0];
    for (const m of a.messages) sa = applyMessage(sa, m);
    for (const m of b.messages) sb = applyMessage(sb, m);
    expect(sb.clusters[0].nodes[0].ringId).toBeNull();
    expect(sa.clusters[0].nodes[0].ringId).toBeNull();
    a.ws.close();
    b.ws.close();
  });
});

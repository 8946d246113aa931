import { describe, expect, it } from 'vitest';
import { parseCfgtoolNodes } from '../../lib/parse/cfgtool-nodes';
import { GARBAGE, checkTruncation, fixture, fixtureFiles, valueOf } from './helpers';

const parse = (path: string) => valueOf(parseCfgtoolNodes(fixture(path)));
const link = (n: number, local: string, remote: string, connected = true) => ({
  link: n,
  proto: 'udp',
  localAddr: local,
  remoteAddr: remote,
  enabled: true,
  connected,
  mtu: 1397,
});

describe('parseCfgtoolNodes', () => {
  it('reads the healthy pve1 output exactly', () => {
    expect(parse('corosync-3.1.7/pve1.cfgtool_n.txt')).toEqual({
      localNodeId: 1,
      nodes: [
        {
          nodeId: 2,
          reachable: true,
          links: [link(0, '10.77.10.1', '10.77.10.2'), link(1, '10.77.20.1', '10.77.20.2')],
        },
        {
          nodeId: 3,
          reachable: true,
          links: [link(0, '10.77.10.1', '10.77.10.3'), link(1, '10.77.20.1', '10.77.20.3')],
        },
      ],
    });
  });

  it('reads a link line without "connected" as disconnected', () => {
    const nodes = parse('corosync-3.1.7/pve1.cfgtool_n_link0down.txt').nodes;
    expect(nodes[1].links[0]).toEqual(link(0, '10.77.10.1', '10.77.10.3', false));
    expect(nodes.flatMap((n) => n.links.filter((l) => !l.connected).map((l) => [n.nodeId, l.link]))).toEqual([[3, 0]]);
  });

  it('sees both peers down on link 0 from pve3', () => {
    const pve3 = parse('corosync-3.1.7/pve3.cfgtool_n_link0down.txt');
    expect(pve3.localNodeId).toBe(3);
    expect(pve3.nodes.map((n) => [n.nodeId, n.links.map((l) => l.connected)])).toEqual([
      [1, [false, true]],
      [2, [false, true]],
    ]);
  });

  it('lists only the nodes corosync still prints (a down node is absent)', () => {
    expect(parse('corosync-3.1.7/pve1.cfgtool_n_nodedown.txt').nodes.map((n) => n.nodeId)).toEqual([2]);
    expect(parse('corosync-3.1.7/pve1.cfgtool_n_pause3000_during.txt').nodes.map((n) => n.nodeId)).toEqual([3]);
  });

  it('accepts output with no node at all (pve1 alone, inquorate)', () => {
    expect(parse('corosync-3.1.7/pve1.cfgtool_n_inquorate.txt')).toEqual({ localNodeId: 1, nodes: [] });
  });

  it('reads unreachable nodes and IPv6 addresses', () => {
    const text =
      'Local node ID 1, transport knet\nnodeid: 2 unreachable\n' +
      '   LINK: 0 udp (fd00:77::1->fd00:77::2) enabled mtu: 1365\n\n';
    expect(valueOf(parseCfgtoolNodes(text)).nodes).toEqual([
      {
        nodeId: 2,
        reachable: false,
        links: [
          { link: 0, proto: 'udp', localAddr: 'fd00:77::1', remoteAddr: 'fd00:77::2', enabled: true, connected: false, mtu: 1365 },
        ],
      },
    ]);
  });

  it('reports corosync not running, and garbage, as errors naming the expected line', () => {
    expect(parseCfgtoolNodes(fixture('corosync-3.1.7/pve3.cfgtool_n_corosync_down.txt'))).toEqual({
      ok: false,
      error:
        "corosync-cfgtool -n: expected a 'Local node ID <n>' line; " +
        'output was: Could not initialize corosync configuration API error 2',
    });
    for (const text of GARBAGE) {
      const result = parseCfgtoolNodes(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toContain("expected a 'Local node ID <n>' line");
    }
  });

  it('is consistent at every cut point of every fixture', () => {
    const files = fixtureFiles('corosync-3.1.7', /cfgtool_n(?!.*corosync_down)/);
    expect(files.length).toBe(8);
    for (const file of files) checkTruncation(parseCfgtoolNodes, fixture(file));
  });
});

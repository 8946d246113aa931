import { describe, expect, it } from 'vitest';
import { parseCfgtoolStatus } from '../../lib/parse/cfgtool-status';
import { GARBAGE, checkTruncation, fixture, fixtureFiles, valueOf } from './helpers';

const parse = (path: string) => valueOf(parseCfgtoolStatus(fixture(path)));
const connectedOf = (path: string) =>
  parse(path).links.map((l) => l.peers.map((p) => `${l.link}:${p.nodeId}=${p.raw}`));

describe('parseCfgtoolStatus, corosync 3.1.7 layout', () => {
  it('reads the healthy pve1 output exactly', () => {
    const local = { nodeId: 1, local: true, enabled: null, connected: null, raw: 'localhost' };
    const up = (nodeId: number) => ({ nodeId, local: false, enabled: null, connected: true, raw: 'connected' });
    expect(parse('corosync-3.1.7/pve1.cfgtool_s.txt')).toEqual({
      localNodeId: 1,
      transport: 'knet',
      links: [
        { link: 0, proto: 'udp', addr: '10.77.10.1', peers: [local, up(2), up(3)] },
        { link: 1, proto: 'udp', addr: '10.77.20.1', peers: [local, up(2), up(3)] },
      ],
    });
  });

  it('shows only pve3 link 0 disconnected after that link was cut', () => {
    const status = parse('corosync-3.1.7/pve1.cfgtool_s_link0down.txt');
    expect(status.links[0].peers[2]).toEqual({
      nodeId: 3,
      local: false,
      enabled: null,
      connected: false,
      raw: 'disconnected',
    });
    const down = status.links.flatMap((l) => l.peers.filter((p) => p.connected === false).map((p) => [l.link, p.nodeId]));
    expect(down).toEqual([[0, 3]]);
  });

  it('marks the local node on pve3 and both pve3 link-0 peers disconnected', () => {
    expect(connectedOf('corosync-3.1.7/pve3.cfgtool_s_link0down.txt')).toEqual([
      ['0:1=disconnected', '0:2=disconnected', '0:3=localhost'],
      ['1:1=connected', '1:2=connected', '1:3=localhost'],
    ]);
    expect(parse('corosync-3.1.7/pve3.cfgtool_s.txt').localNodeId).toBe(3);
  });

  it('shows every peer disconnected when pve1 is alone (inquorate)', () => {
    const peers = parse('corosync-3.1.7/pve1.cfgtool_s_inquorate.txt').links.flatMap((l) => l.peers);
    expect(peers.filter((p) => !p.local).map((p) => p.connected)).toEqual([false, false, false, false]);
  });

  it('reports corosync not running as an error carrying corosync’s message', () => {
    const result = parseCfgtoolStatus(fixture('corosync-3.1.7/pve3.cfgtool_s_corosync_down.txt'));
    expect(result).toEqual({
      ok: false,
      error:
        "corosync-cfgtool -s: expected a 'Local node ID <n>' line; " +
        'output was: Could not initialize corosync configuration API error 2',
    });
  });
});

describe('parseCfgtoolStatus, corosync 3.0 layout', () => {
  it('reads link enabled/connected flags per node id (fixture written from corosync 3.0 cfgtool source)', () => {
    const flags = (nodeId: number, enabled: boolean, connected: boolean) => ({
      nodeId,
      local: false,
      enabled,
      connected,
      raw: `link enabled:${+enabled}\tlink connected:${+connected}`,
    });
    const local = { nodeId: 1, local: true, enabled: null, connected: null, raw: 'link enabled:1\tlink connected:1' };
    expect(parse('corosync-3.0/cfgtool_s_link0down.txt')).toEqual({
      localNodeId: 1,
      transport: null,
      links: [
        { link: 0, proto: null, addr: '10.77.10.1', peers: [local, flags(2, true, true), flags(3, true, false)] },
        { link: 1, proto: null, addr: '10.77.20.1', peers: [local, flags(2, true, true), flags(3, true, true)] },
      ],
    });
  });

  it('reads the brief (-b) form, which has no per-node lines', () => {
    expect(parse('corosync-3.0/cfgtool_sb.txt')).toEqual({
      localNodeId: 2,
      transport: null,
      links: [{ link: 0, proto: null, addr: '192.168.1.12', peers: [] }],
    });
  });

  it('reads two-digit node ids ("nodeid %2d")', () => {
    const text = 'Local node ID 10\nLINK ID 0\n\taddr\t= 10.0.0.10\n\tstatus:\n\t\tnodeid 12:\tlink enabled:0\tlink connected:0\n';
    expect(valueOf(parseCfgtoolStatus(text)).links[0].peers).toEqual([
      { nodeId: 12, local: false, enabled: false, connected: false, raw: 'link enabled:0\tlink connected:0' },
    ]);
  });
});

describe('parseCfgtoolStatus on bad input', () => {
  it('returns an error naming the expected line for empty and garbage input', () => {
    for (const text of GARBAGE) {
      const result = parseCfgtoolStatus(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toContain("expected a 'Local node ID <n>' line");
    }
  });

  it('is consistent at every cut point of every fixture', () => {
    const files = [...fixtureFiles('corosync-3.1.7', /cfgtool_s(?!.*corosync_down)/), ...fixtureFiles('corosync-3.0', /\.txt$/)];
    expect(files.length).toBe(14);
    for (const file of files) {
      const { partial, errors } = checkTruncation(parseCfgtoolStatus, fixture(file));
      expect(partial, file).toBeGreaterThan(0);
      expect(errors, file).toBeGreaterThan(0);
    }
  });
});

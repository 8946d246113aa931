import { describe, expect, it } from 'vitest';
import { parseQuorumtool } from '../../lib/parse/quorumtool';
import { GARBAGE, checkTruncation, fixture, fixtureFiles, valueOf } from './helpers';

const parse = (path: string) => valueOf(parseQuorumtool(fixture(path)));
const member = (nodeId: number, name: string, local = false, qdevice: string | null = null) => ({
  nodeId,
  votes: 1,
  qdevice,
  name,
  local,
});

describe('parseQuorumtool, corosync 3.1.7 output', () => {
  it('reads the quorate 3-node status exactly', () => {
    expect(parse('corosync-3.1.7/pve1.quorumtool_s.txt')).toEqual({
      quorate: true,
      provider: 'corosync_votequorum',
      nodes: 3,
      nodeId: 1,
      ringId: '1.9',
      expectedVotes: 3,
      highestExpected: 3,
      totalVotes: 3,
      quorum: 2,
      activityBlocked: false,
      flags: ['Quorate'],
      members: [member(1, 'pve1', true), member(2, 'pve2'), member(3, 'pve3')],
      qdevice: null,
    });
  });

  it('reads the inquorate single node with "Activity blocked" and no flags', () => {
    const s = parse('corosync-3.1.7/pve1.quorumtool_s_inquorate.txt');
    expect([s.quorate, s.activityBlocked, s.quorum, s.totalVotes, s.nodes, s.ringId]).toEqual([false, true, 2, 1, 1, '1.15']);
    expect(s.flags).toEqual([]);
    expect(s.members).toEqual([member(1, 'pve1', true)]);
  });

  it('follows membership changes: node down, rejoined, seen from pve3', () => {
    const down = parse('corosync-3.1.7/pve1.quorumtool_s_nodedown.txt');
    expect([down.nodes, down.ringId, down.totalVotes, down.members.map((m) => m.nodeId)]).toEqual([2, '1.11', 2, [1, 2]]);
    expect(parse('corosync-3.1.7/pve1.quorumtool_s_rejoined.txt').ringId).toBe('1.1e');
    const pve3 = parse('corosync-3.1.7/pve3.quorumtool_s_link0down.txt');
    expect([pve3.nodeId, pve3.members.filter((m) => m.local).map((m) => m.name)]).toEqual([3, ['pve3']]);
  });

  it('reports corosync not running as an error carrying the tool’s message', () => {
    expect(parseQuorumtool(fixture('corosync-3.1.7/pve3.quorumtool_s_corosync_down.txt'))).toEqual({
      ok: false,
      error: "corosync-quorumtool -s: expected a 'Quorate: Yes|No' line; output was: Cannot initialize CMAP service",
    });
  });
});

describe('parseQuorumtool with a quorum device (fixtures written from quorumtool.c and real PVE output)', () => {
  it('reads `pvecm status` with hex node ids and the Qdevice column', () => {
    expect(parse('quorumtool/pvecm_status_2node_qdevice_hex.txt')).toEqual({
      quorate: true,
      provider: 'corosync_votequorum',
      nodes: 2,
      nodeId: 2,
      ringId: '1.16',
      expectedVotes: 3,
      highestExpected: 3,
      totalVotes: 3,
      quorum: 2,
      activityBlocked: false,
      flags: ['Quorate', 'Qdevice'],
      members: [member(1, '10.0.99.2', false, 'A,V,NMW'), member(2, '10.0.99.3', true, 'A,V,NMW')],
      qdevice: { name: 'Qdevice', votes: 1, castingVote: true },
    });
  });

  it('reads 3 nodes plus a voting quorum device in decimal', () => {
    const s = parse('quorumtool/quorumtool_s_3node_qdevice.txt');
    expect(s.members).toEqual([
      member(1, 'pve1', true, 'A,V,NMW'),
      member(2, 'pve2', false, 'A,V,NMW'),
      member(3, 'pve3', false, 'A,V,NMW'),
    ]);
    expect([s.expectedVotes, s.totalVotes, s.quorum, s.qdevice]).toEqual([4, 4, 3, { name: 'Qdevice', votes: 1, castingVote: true }]);
  });

  it('reads a quorum device that lost its qnetd and does not vote', () => {
    const s = parse('quorumtool/quorumtool_sH_qdevice_novote.txt');
    expect([s.quorate, s.activityBlocked, s.nodeId, s.flags]).toEqual([false, true, 2, ['Qdevice']]);
    expect(s.members.map((m) => [m.nodeId, m.qdevice, m.local])).toEqual([
      [1, 'NA,NV,NMW', false],
      [2, 'NA,NV,NMW', true],
    ]);
    expect(s.qdevice).toEqual({ name: 'Qdevice', votes: 1, castingVote: false });
  });

  it('accepts the state cut to 8 characters by quorumtool’s char[10] buffer, and "NR"', () => {
    const text = fixture('quorumtool/quorumtool_sH_qdevice_novote.txt')
      .replace('  NA,NV,NMW pve1', '   NA,NV,NM pve1')
      .replace('  NA,NV,NMW pve2', '         NR pve2');
    expect(valueOf(parseQuorumtool(text)).members.map((m) => [m.qdevice, m.name])).toEqual([
      ['NA,NV,NM', 'pve1'],
      ['NR', 'pve2'],
    ]);
  });
});

describe('parseQuorumtool on bad input', () => {
  it('rejects a member table shorter than "Nodes:" says', () => {
    const text = fixture('corosync-3.1.7/pve1.quorumtool_s.txt').replace('         3          1 pve3\n', '');
    expect(parseQuorumtool(text)).toEqual({
      ok: false,
      error: 'corosync-quorumtool -s: expected 3 member rows (Nodes: 3), found 2',
    });
  });

  it('returns an error naming the expected line for empty and garbage input', () => {
    for (const text of GARBAGE) {
      const result = parseQuorumtool(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toContain("expected a 'Quorate: Yes|No' line");
    }
  });

  it('is consistent at every cut point of every fixture: complete member lists or an error', () => {
    const files = [
      ...fixtureFiles('corosync-3.1.7', /quorumtool_s(?!.*corosync_down)/),
      ...fixtureFiles('quorumtool', /\.txt$/),
    ];
    expect(files.length).toBe(13);
    for (const file of files) {
      const full = parse(file);
      checkTruncation(parseQuorumtool, fixture(file));
      const text = fixture(file);
      for (let at = 0; at < text.length; at += 7) {
        const r = parseQuorumtool(text.slice(0, at));
        if (r.ok) expect(r.value.members).toEqual(full.members);
      }
    }
  });
});

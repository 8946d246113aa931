import { describe, expect, it } from 'vitest';
import { parseNodelist } from '../../lib/parse/nodelist';
import { GARBAGE, checkTruncation, fixture, valueOf } from './helpers';

// `corosync-cmapctl -b nodelist` prints the keys under that prefix, i.e. these lines of the full dump.
const nodelistOutput = (path: string) =>
  fixture(path)
    .split('\n')
    .filter((l) => l.startsWith('nodelist.'))
    .map((l) => `${l}\n`)
    .join('');

const EXPECTED = {
  nodes: [
    { nodeId: 1, name: 'pve1', ringAddrs: { 0: '10.77.10.1', 1: '10.77.20.1' } },
    { nodeId: 2, name: 'pve2', ringAddrs: { 0: '10.77.10.2', 1: '10.77.20.2' } },
    { nodeId: 3, name: 'pve3', ringAddrs: { 0: '10.77.10.3', 1: '10.77.20.3' } },
  ],
};

describe('parseNodelist', () => {
  it('reads names, node ids and ring addresses from the nodelist keys', () => {
    const text = nodelistOutput('corosync-3.1.7/pve1.cmapctl.txt');
    expect(text).toContain('nodelist.local_node_pos (u32) = 0');
    expect(parseNodelist(text)).toEqual({ ok: true, value: EXPECTED });
  });

  it('picks the nodelist out of a full `corosync-cmapctl` dump', () => {
    expect(valueOf(parseNodelist(fixture('corosync-3.1.7/pve1.cmapctl.txt')))).toEqual(EXPECTED);
    expect(valueOf(parseNodelist(fixture('corosync-3.1.7/pve1.cmapctl_nodedown.txt')))).toEqual(EXPECTED);
  });

  it('keeps a node without a name, and orders by nodelist position', () => {
    const text =
      'nodelist.node.1.nodeid (u32) = 7\nnodelist.node.1.ring0_addr (str) = 192.168.7.7\n' +
      'nodelist.node.0.nodeid (u32) = 9\nnodelist.node.0.name (str) = zeta\n';
    expect(valueOf(parseNodelist(text)).nodes).toEqual([
      { nodeId: 9, name: 'zeta', ringAddrs: {} },
      { nodeId: 7, name: null, ringAddrs: { 0: '192.168.7.7' } },
    ]);
  });

  it('reports corosync’s cmap error, output without nodes, and garbage as errors', () => {
    expect(parseNodelist('Failed to initialize the cmap API. Error CS_ERR_LIBRARY\n')).toEqual({
      ok: false,
      error:
        "corosync-cmapctl -b nodelist: expected 'key (type) = value' lines; " +
        'output was: Failed to initialize the cmap API. Error CS_ERR_LIBRARY',
    });
    expect(parseNodelist('totem.cluster_name (str) = lab\n')).toEqual({
      ok: false,
      error: 'corosync-cmapctl -b nodelist: expected nodelist.node.<n>.nodeid keys; output was: totem.cluster_name (str) = lab',
    });
    for (const text of GARBAGE) expect(parseNodelist(text).ok).toBe(false);
  });

  it('is consistent at every cut point', () => {
    const { partial, errors } = checkTruncation(parseNodelist, nodelistOutput('corosync-3.1.7/pve1.cmapctl.txt'));
    expect(partial).toBeGreaterThan(0);
    expect(errors).toBeGreaterThan(0);
  });
});

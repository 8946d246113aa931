import { describe, expect, it } from 'vitest';
import { IncidentGrouper } from '@/lib/alerts/grouping';
import { event } from './helpers';

const down = (node: string, peer: string, over = {}) => event({ node, peer, message: `${node} → ${peer} link0 down`, ...over });

describe('alert incident grouping', () => {
  it('folds the four directions of one node\'s link failure into one incident that lasts while any is open', () => {
    const g = new IncidentGrouper();
    const evs = [down('pve1', 'pve3'), down('pve2', 'pve3'), down('pve3', 'pve1', { severity: 'critical' }), down('pve3', 'pve2')];
    const first = g.push([evs[0]]);
    expect(first).toEqual([evs[0]]); // one member: the event itself
    const grouped = g.push(evs.slice(1));
    expect(grouped).toHaveLength(1);
    expect(grouped[0]).toMatchObject({ id: evs[0].id, node: 'pve3', peer: null, link: 0, severity: 'critical', endedAt: null });
    expect(grouped[0].message).toBe('pve1 → pve3 link0 down (4 paths of pve3: pve1→pve3, pve2→pve3, pve3→pve1, pve3→pve2)');

    const now = Date.now();
    expect(g.push([{ ...evs[0], endedAt: now }, { ...evs[1], endedAt: now }, { ...evs[2], endedAt: now + 5 }])[0].endedAt).toBeNull();
    const over = g.push([{ ...evs[3], endedAt: now + 10 }]);
    expect(over).toHaveLength(1);
    expect(over[0]).toMatchObject({ id: evs[0].id, endedAt: now + 10 });
    // the next failure is a new incident
    const again = down('pve1', 'pve3');
    expect(g.push([again])).toEqual([again]);
  });

  it('keeps other links, other kinds, other clusters, unrelated pairs, non-link events and instants apart', () => {
    const g = new IncidentGrouper();
    const a = down('pve1', 'pve3');
    const others = [
      down('pve1', 'pve3', { link: 1 }),
      down('pve2', 'pve3', { kind: 'packet_loss' }),
      down('pve2', 'pve3', { cluster: 'other' }),
      event({ kind: 'quorum_lost', node: null, peer: null, link: null }),
      down('pve2', 'pve3', { endedAt: Date.now() }),
    ];
    g.push([a]);
    expect(g.push(others)).toEqual(others);
    const apart = g.push([down('pve4', 'pve5')]); // shares no node with pve1/pve3
    expect(apart[0].id).not.toBe(a.id);
  });
});

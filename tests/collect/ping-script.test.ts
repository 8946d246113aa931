// The ping script's shell arithmetic must agree with pingIntervalS, which the simulator and the docs use.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PING_SCRIPT, pingIntervalS } from '@/lib/collect/ping-script';

/** The script's interval lines run on a nodelist like `corosync-cmapctl -b nodelist.node.` gives after its sed. */
function shellInterval(nodes: number, links: number): string {
  const list = [];
  for (let p = 0; p < nodes; p++) {
    list.push(`${p} nodeid ${p + 1}`);
    for (let l = 0; l < links; l++) list.push(`${p} ring${l}_addr 10.${l}.0.${p + 1}`);
  }
  const lines = PING_SCRIPT.split('\n').filter((l) => l.startsWith('t=') || l.startsWith('iv='));
  expect(lines).toHaveLength(2);
  return execFileSync('sh', ['-c', `pos=1\nlist='${list.join('\n')}'\n${lines.join('\n')}\necho "$t $iv"`], { encoding: 'utf8' }).trim();
}

describe('ping rate', () => {
  it('pings 5 times a second on small clusters and less on big ones, in the script as in pingIntervalS', () => {
    for (const [nodes, links] of [[2, 1], [3, 2], [5, 2], [6, 2], [13, 2], [14, 2], [32, 2], [16, 8]]) {
      const targets = (nodes - 1) * links;
      const [t, iv] = shellInterval(nodes, links).split(' ');
      expect(Number(t), `${nodes}×${links}`).toBe(targets);
      expect(Number(iv), `${nodes}×${links}`).toBe(pingIntervalS(targets));
    }
    expect(pingIntervalS(4)).toBe(0.2);
    expect(pingIntervalS(62)).toBe(1);
  });

  it('tags lines with sed, not a shell read loop, and checks what it interpolates', () => {
    expect(PING_SCRIPT).toContain('sed -u "s/^/$id $link /"');
    expect(PING_SCRIPT).not.toContain('while IFS= read');
    expect(PING_SCRIPT).toContain('case "$id" in ""|*[!0-9]*) continue ;; esac');
  });
});

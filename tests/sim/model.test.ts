// The simulation itself, in virtual time (no SSH, no timers): knet counters and latency, link failures,
// membership and quorum, node stops, and the exact tool formats in each state.
import { describe, expect, it } from 'vitest';
import { SimCluster, TICK_MS } from '../../sim/cluster-state';
import { KnetLink, LATENCY_MAX_SAMPLES, UINT32_MAX } from '../../sim/knet';
import { renderLog } from '../../sim/node-log';
import { journalLine, logFileLine } from '../../sim/formats';
import { Scenario } from '../../sim/scenario';
import { runTool } from '../../sim/tools';
import { probeOutput } from '../../sim/commands';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, fixture, maskQuorum, parseProbe, stripLogPrefix } from './helpers';

const T0 = Date.UTC(2026, 10, 23, 1, 0, 0);

function sim(nodes = 3, seed = Number(process.env.SIM_SEED ?? 1)) {
  const c = new SimCluster({ nodes, seed, now: T0 });
  let now = T0;
  const advance = (ms: number) => {
    const end = now + ms;
    while (now < end) {
      now = Math.min(end, now + TICK_MS);
      c.tick(now);
    }
  };
  const tool = (node: string, t: Parameters<typeof runTool>[2]) => runTool(c, c.node(node), t, now);
  const stat = (node: string, key: string) => {
    const m = new RegExp(`^${key.replace(/\./g, '\\.')} \\(\\w+\\) = (\\d+)$`, 'm').exec(tool(node, 'cmap_stats').text);
    if (!m) throw new Error(`no ${key}`);
    return Number(m[1]);
  };
  const logSince = (node: string, since: number) =>
    c.node(node).log.all().filter((r) => r.ms >= since - 5).map((r) => stripLogPrefix(renderLog(r, 'file')));
  return { c, advance, tool, stat, logSince, get now() { return now; } };
}

describe('knet latency running mean', () => {
  it('follows libknet: integer running mean over up to 2048 samples, min/max track the mean', () => {
    const l = new KnetLink(false, 0);
    expect([l.latencyAve, l.latencyMax, l.latencyMin, l.latencySamples]).toEqual([0, 0, UINT32_MAX, 0]);
    l.recordPong(300);
    l.recordPong(200);
    l.recordPong(250);
    // 300; (300*1+200)/2=250; (250*2+250)/3=250
    expect([l.latencyAve, l.latencyMax, l.latencyMin, l.latencySamples]).toEqual([250, 300, 250, 3]);
    for (let i = 0; i < 3000; i++) l.recordPong(250);
    expect(l.latencySamples).toBe(LATENCY_MAX_SAMPLES);
    l.recordPong(2_000_000); // later than pong_timeout: counted as a pong, not as a sample
    expect(l.latencyAve).toBe(250);
  });
});

describe('steady state', () => {
  it('grows pings/pongs ~1/s per link, data on link0 only, latency within the configured baseline', () => {
    const s = sim();
    const pong0 = s.stat('pve1', 'stats.knet.node2.link0.rx_pong_packets');
    const pong1 = s.stat('pve1', 'stats.knet.node2.link1.rx_pong_packets');
    const data0 = s.stat('pve1', 'stats.knet.node2.link0.tx_data_packets');
    s.advance(10_000);
    expect(s.stat('pve1', 'stats.knet.node2.link0.rx_pong_packets') - pong0).toBeGreaterThanOrEqual(10);
    expect(s.stat('pve1', 'stats.knet.node2.link0.rx_pong_packets') - pong0).toBeLessThanOrEqual(12);
    expect(s.stat('pve1', 'stats.knet.node2.link1.rx_pong_packets') - pong1).toBeGreaterThanOrEqual(10);
    expect(s.stat('pve1', 'stats.knet.node2.link0.tx_data_packets') - data0).toBeGreaterThan(20);
    expect(s.stat('pve1', 'stats.knet.node2.link1.tx_data_packets')).toBe(0);
    for (const peer of [2, 3]) {
      const ave = s.stat('pve1', `stats.knet.node${peer}.link0.latency_ave`);
      expect(ave).toBeGreaterThan(120);
      expect(ave).toBeLessThan(400);
      expect(s.stat('pve1', `stats.knet.node${peer}.link0.latency_samples`)).toBeGreaterThan(90);
      expect(s.stat('pve1', `stats.knet.node${peer}.link0.down_count`)).toBe(1);
      expect(s.stat('pve1', `stats.knet.node${peer}.link0.up_count`)).toBe(1);
    }
    expect(s.tool('pve2', 'cfgtool_s').text).toMatch(/^\t\tnodeid: +2:\tlocalhost$/m);
  });

  it('sorts cmap keys as bytes (node10 between node1 and node2) with 11 nodes', () => {
    const s = sim(11);
    const keys = s.tool('pve1', 'cmap_stats').text.split('\n').map((l) => l.split(' ')[0]);
    const first = (p: string) => keys.findIndex((k) => k.startsWith(p));
    expect(first('stats.knet.node1.')).toBeLessThan(first('stats.knet.node10.'));
    expect(first('stats.knet.node11.')).toBeLessThan(first('stats.knet.node2.'));
    expect(s.tool('pve1', 'cmap_nodelist').text).toMatch(/nodelist\.node\.1\.ring1_addr.*\nnodelist\.node\.10\.name/);
    expect(s.tool('pve1', 'quorumtool_s').text).toMatch(/^Quorum: {11}6  $/m);
  });
});

describe('link failure', () => {
  it('moves data to link1 while link0 is down and counts down/up', () => {
    const s = sim();
    s.c.setIfaceDown('pve3', 0, true, 'manual');
    s.advance(2000);
    const d1 = s.stat('pve1', 'stats.knet.node3.link1.tx_data_packets');
    const d0 = s.stat('pve1', 'stats.knet.node3.link0.tx_data_packets');
    s.advance(5000);
    expect(s.stat('pve1', 'stats.knet.node3.link1.tx_data_packets')).toBeGreaterThan(d1);
    expect(s.stat('pve1', 'stats.knet.node3.link0.tx_data_packets')).toBe(d0);
    expect(s.stat('pve1', 'stats.knet.node3.link0.connected')).toBe(0);
    expect(s.stat('pve3', 'stats.knet.node1.link0.connected')).toBe(0);
    expect(s.stat('pve3', 'stats.knet.node2.link0.down_count')).toBe(2);
    s.c.setIfaceDown('pve3', 0, false, 'manual');
    s.advance(3000);
    expect(s.stat('pve1', 'stats.knet.node3.link0.up_count')).toBe(2);
    expect(s.tool('pve1', 'cfgtool_s').text).toBe(fixture('pve1.cfgtool_s.txt'));
  });

  it('a jitter spike raises latency_ave and latency_max as the running mean would', () => {
    const s = sim();
    const ave = s.stat('pve1', 'stats.knet.node2.link0.latency_ave');
    s.c.addJitter('pve2', 0, s.now, 4000, 15000);
    s.advance(4500);
    const ave2 = s.stat('pve1', 'stats.knet.node2.link0.latency_ave');
    expect(ave2).toBeGreaterThan(ave + 200);
    expect(s.stat('pve1', 'stats.knet.node2.link0.latency_max')).toBeGreaterThanOrEqual(ave2);
    expect(s.stat('pve1', 'stats.knet.node3.link0.latency_ave')).toBeLessThan(400); // other paths untouched
    s.advance(20_000);
    expect(s.stat('pve1', 'stats.knet.node2.link0.latency_ave')).toBeLessThan(ave2);
  });
});

describe('node failures and quorum', () => {
  it('kill -9 of one node: token loss, membership of 2, still quorate; of two: inquorate', () => {
    const s = sim();
    const t = s.now;
    s.c.stopNode(s.now, s.c.node('pve3'), false);
    s.advance(10_000);
    const log = s.logSince('pve1', t).map((l) => l.replace(/\(\w+\.\w+\)/, '(R)'));
    const expected = fixture('pve1.corosync_nodedown.log').trimEnd().split('\n').map(stripLogPrefix).map((l) => l.replace(/\(\w+\.\w+\)/, '(R)'));
    expect(log).toEqual(expected);
    expect(maskQuorum(s.tool('pve1', 'quorumtool_s').text)).toBe(maskQuorum(fixture('pve1.quorumtool_s_nodedown.txt')));
    expect(s.tool('pve1', 'cfgtool_s').text).toBe(fixture('pve1.cfgtool_s_nodedown.txt'));
    expect(s.tool('pve1', 'cfgtool_n').text).toBe(fixture('pve1.cfgtool_n_nodedown.txt'));
    expect(s.tool('pve3', 'cfgtool_s')).toEqual({ text: fixture('pve3.cfgtool_s_corosync_down.txt'), rc: 1 });
    expect(s.tool('pve3', 'cfgtool_n')).toEqual({ text: fixture('pve3.cfgtool_n_corosync_down.txt'), rc: 1 });
    expect(s.tool('pve3', 'quorumtool_s')).toEqual({ text: fixture('pve3.quorumtool_s_corosync_down.txt'), rc: 1 });
    expect(s.tool('pve3', 'cmap_stats')).toEqual({ text: fixture('pve3.cmapctl_m_stats_corosync_down.txt'), rc: 1 });
    const probe = parseProbe(probeOutput(s.c, s.c.node('pve3'), s.now));
    expect(probe.done).toBe(true);
    expect(probe.sections.map((x) => x.rc)).toEqual([0, 1, 1, 1, 1, 1]);

    s.c.stopNode(s.now, s.c.node('pve2'), false);
    s.advance(10_000);
    const q = s.tool('pve1', 'quorumtool_s');
    expect(q.rc).toBe(2);
    expect(maskQuorum(q.text)).toBe(maskQuorum(fixture('pve1.quorumtool_s_inquorate.txt')));
    expect(s.tool('pve1', 'cfgtool_s').text).toBe(fixture('pve1.cfgtool_s_inquorate.txt'));
    expect(s.tool('pve1', 'cfgtool_n').text).toBe(fixture('pve1.cfgtool_n_inquorate.txt'));
    expect(s.logSince('pve1', s.now - 10_000)).toContain(
      'pve1 corosync notice  [QUORUM] This node is within the non-primary component and will NOT provide any services.',
    );

    s.c.startNode(s.now, s.c.node('pve2'));
    s.c.startNode(s.now, s.c.node('pve3'));
    s.advance(5000);
    expect(maskQuorum(s.tool('pve1', 'quorumtool_s').text)).toBe(maskQuorum(fixture('pve1.quorumtool_s.txt')));
    expect(s.logSince('pve1', s.now - 5000)).toContain('pve1 corosync notice  [QUORUM] This node is within the primary component and will provide service.');
    expect(s.stat('pve1', 'stats.knet.node3.link0.up_count')).toBe(2);
    expect(s.stat('pve3', 'stats.knet.node1.link0.up_count')).toBe(1); // fresh process on pve3
  });

  it('graceful stop: peers re-form at once, then knet notices the links', () => {
    const s = sim();
    const t = s.now;
    s.c.stopNode(s.now, s.c.node('pve3'), true);
    s.advance(100);
    expect(maskQuorum(s.tool('pve1', 'quorumtool_s').text)).toBe(maskQuorum(fixture('pve1.quorumtool_s_nodestopped.txt')));
    s.advance(2000);
    const log = s.logSince('pve1', t);
    expect(log.slice(0, 6).map((l) => l.replace(/\(\w+\.\w+\)/, '(R)'))).toEqual(
      fixture('pve1.corosync_nodestopped.log').trimEnd().split('\n').slice(0, 6).map(stripLogPrefix).map((l) => l.replace(/\(\w+\.\w+\)/, '(R)')),
    );
    expect(log).toContain('pve1 corosync info    [KNET  ] link: host: 3 link: 0 is down');
    expect(s.logSince('pve3', t)).toEqual(fixture('pve3.corosync_nodestopped.log').trimEnd().split('\n').map(stripLogPrefix));
    expect(s.tool('pve1', 'cfgtool_s').text).toBe(fixture('pve1.cfgtool_s_nodestopped.txt'));
  });
});

describe('demo scenario', () => {
  it('fails link0 of one node for a while, then recovers it, and adds jitter spikes', () => {
    const s = sim(3, 5);
    const sc = new Scenario(s.c, s.now, { faultEveryMs: 60_000, firstFaultMs: 5000, faultDurationMs: 8000 });
    const t = s.now;
    const step = () => {
      sc.tick(s.now);
    };
    for (let i = 0; i < 200; i++) {
      step();
      s.advance(100);
    }
    const all = s.c.nodes.flatMap((n) => s.logSince(n.name, t));
    expect(all.some((l) => /link: host: \d link: 0 is down/.test(l))).toBe(true);
    expect(all.some((l) => /rx: host: \d link: 0 is up/.test(l))).toBe(true);
    expect(all.some((l) => /best link: 1 \(pri: 1\)/.test(l))).toBe(true);
    for (const n of s.c.nodes) expect(n.quorate).toBe(true);
    for (const n of s.c.nodes) expect(s.tool(n.name, 'cfgtool_s').text).not.toContain('disconnected');
  });

  it('renders the log level column like the captures', () => {
    const line = (lvl: 'notice' | 'info' | 'warning') => logFileLine(new Date(2026, 10, 23, 1, 12, 1, 757).getTime(), 20163, 'pve1', lvl, 'KNET', 'x');
    expect(line('info')).toBe('Nov 23 01:12:01.757 [20163] pve1 corosync info    [KNET  ] x');
    expect(line('notice')).toBe('Nov 23 01:12:01.757 [20163] pve1 corosync notice  [KNET  ] x');
    expect(line('warning')).toBe('Nov 23 01:12:01.757 [20163] pve1 corosync warning [KNET  ] x');
    expect(logFileLine(new Date(2026, 0, 3, 9, 5, 7, 5).getTime(), 1, 'pve2', 'info', 'QUORUM', 'y')).toBe('Jan 03 09:05:07.005 [1] pve2 corosync info    [QUORUM] y');
  });

  it('renders journalctl -o short-iso-precise like the journald fixture derived from the lab log', () => {
    const src = fixture('pve1.corosync_inquorate.log').trimEnd().split('\n');
    const expected = readFileSync(join(FIXTURES, '../journald/pve1.short-iso-precise.log'), 'utf8').split('\n').filter((l) => /^\d{4}-/.test(l));
    src.forEach((line, i) => {
      const m = /^\S+ \d+ \S+ \[(\d+)\] (\S+) corosync \S+ +\[(.{6})\] (.*)$/.exec(line)!;
      const ours = journalLine(Date.UTC(2026, 10, 23, 1, 13, 12, 389), Number(m[1]), m[2], m[3].trim(), m[4]);
      expect(ours).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}[+-]\d{2}:\d{2} /);
      expect(ours.replace(/^\S+ /, '')).toBe(expected[i].replace(/^\S+ /, ''));
    });
  });
});

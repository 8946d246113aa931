import { describe, expect, it } from 'vitest';
import { parseConfig, ConfigError } from '@/lib/config/load';

const good = `
knownHosts: ./data/known_hosts          # OpenSSH format
clusters:
  - name: lab
    pollIntervalMs: 1000                # default 1000
    logCommand: tail -F -n 0 /var/log/corosync/corosync.log
    nodes:
      - { name: pve1, host: 10.77.1.1, port: 22, user: root, identityFile: ./lab/state/id_ed25519 }
`;

function errorOf(text: string): string {
  try {
    parseConfig(text, '/etc/corowatch/corowatch.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('config was accepted');
}

describe('config', () => {
  it('accepts the documented shape and resolves paths against the file', () => {
    const c = parseConfig(good, '/etc/corowatch/corowatch.yaml');
    expect(c.knownHosts).toBe('/etc/corowatch/data/known_hosts');
    expect(c.clusters[0].nodes[0]).toEqual({
      name: 'pve1', host: '10.77.1.1', port: 22, user: 'root', identityFile: '/etc/corowatch/lab/state/id_ed25519',
    });
  });

  it('fills defaults', () => {
    const c = parseConfig('knownHosts: /k\nclusters:\n  - name: a\n    nodes:\n      - { name: n1, host: h, identityFile: /id }\n');
    expect(c.clusters[0].pollIntervalMs).toBe(1000);
    expect(c.clusters[0].logCommand).toBe('journalctl -u corosync -f -n 0 -o short-iso-precise');
    expect(c.clusters[0].nodes[0].port).toBe(22);
    expect(c.clusters[0].nodes[0].user).toBe('root');
  });

  it('names the field and the problem', () => {
    expect(errorOf(good.replace('port: 22', 'port: 70000'))).toMatch(/clusters\.0\.nodes\.0\.port: .*(65535|less than)/i);
    expect(errorOf(good.replace('pollIntervalMs: 1000', 'pollIntervalMs: "fast"'))).toMatch(/clusters\.0\.pollIntervalMs/);
    expect(errorOf(good.replace('knownHosts: ./data/known_hosts', ''))).toMatch(/knownHosts/);
    expect(errorOf(good.replace('name: lab', 'name: lab\n    nodez: 1'))).toMatch(/clusters\.0.*nodez/);
  });

  it('refuses a log command with shell syntax', () => {
    const msg = errorOf(good.replace('/var/log/corosync/corosync.log', '/var/log/x; rm -rf /'));
    expect(msg).toMatch(/clusters\.0\.logCommand: plain words only/);
  });

  it('refuses duplicate names and bad YAML', () => {
    expect(errorOf(good.replace('nodes:\n', 'nodes:\n      - { name: pve1, host: h, identityFile: /i }\n'))).toMatch(/duplicate node name "pve1"/);
    expect(errorOf('clusters: [')).toMatch(/not valid YAML/);
  });
});

describe('thresholds', () => {
  const base = 'knownHosts: /k\nclusters:\n  - name: a\n    nodes:\n      - { name: n1, host: h, identityFile: /id }\n';
  it('defaults to the cluster-network budget (2 ms warn, 5 ms critical)', async () => {
    const { toThresholds } = await import('@/lib/config/thresholds');
    const t = toThresholds(parseConfig(base).clusters[0].thresholds);
    expect([t.rttWarnUs, t.rttCritUs, t.flapCount, t.flapWindowMs]).toEqual([2000, 5000, 3, 600_000]);
  });
  it('accepts overrides and refuses inverted ones with the field named', () => {
    const c = parseConfig(base + '    thresholds: { rttWarnMs: 1.5, rttCritMs: 4 }\n');
    expect(c.clusters[0].thresholds.rttWarnMs).toBe(1.5);
    expect(errorOf(base + '    thresholds: { rttWarnMs: 6 }\n')).toMatch(/clusters\.0\.thresholds\.rttWarnMs: must be below rttCritMs/);
    expect(errorOf(base + '    thresholds: { jitterK: "x" }\n')).toMatch(/clusters\.0\.thresholds\.jitterK/);
  });
});

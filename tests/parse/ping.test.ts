import { describe, expect, it } from 'vitest';
import { parsePingLine } from '@/lib/parse/ping';

// lines as captured from the lab (iputils ping 20221126, Debian 12) through lib/collect/ping-script.ts
describe('ping lines', () => {
  it('reads a tagged reply with its -D timestamp', () => {
    expect(parsePingLine('3 0 [1795398557.845979] 64 bytes from 10.77.10.3: icmp_seq=1 ttl=64 time=0.345 ms')).toEqual({
      peerId: 3, link: 0, kind: 'reply', t: 1795398557846, seq: 1, rttUs: 345,
    });
    expect(parsePingLine('2 1 [1795398558.049403] 64 bytes from 10.77.20.2: icmp_seq=2 ttl=64 time=12.5 ms')).toMatchObject({ rttUs: 12500 });
  });

  it('reads losses: -O "no answer yet", unreachable and send errors', () => {
    expect(parsePingLine('3 0 [1795398560.100000] no answer yet for icmp_seq=12')).toEqual({
      peerId: 3, link: 0, kind: 'lost', t: 1795398560100, seq: 12, reason: 'no answer',
    });
    expect(parsePingLine('3 0 [1795398560.3] From 10.77.10.1 icmp_seq=13 Destination Host Unreachable')).toMatchObject({ kind: 'lost', seq: 13 });
    expect(parsePingLine('3 0 ping: sendmsg: Network is unreachable')).toMatchObject({ kind: 'lost', t: null, seq: null, reason: 'Network is unreachable' });
  });

  it('ignores banners and statistics, and untagged garbage', () => {
    expect(parsePingLine('3 0 PING 10.77.10.3 (10.77.10.3) 56(84) bytes of data.')).toBeNull();
    expect(parsePingLine('3 0 rtt min/avg/max/mdev = 0.012/0.081/0.345/0.100 ms')).toBeNull();
    expect(parsePingLine('garbage')).toBeNull();
    expect(parsePingLine('')).toBeNull();
    expect(parsePingLine('@@corowatch ping: 4 targets')).toEqual({ kind: 'info', text: 'ping: 4 targets' });
  });
});

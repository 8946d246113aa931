// Lines of the ping exec (lib/collect/ping-script.ts): "<peer nodeid> <link> <iputils ping -D -O output line>".

export type PingLine =
  | { peerId: number; link: number; kind: 'reply'; t: number; seq: number; rttUs: number }
  | { peerId: number; link: number; kind: 'lost'; t: number | null; seq: number | null; reason: string }
  | { kind: 'info'; text: string };

const TAGGED = /^(\d+) (\d+) (.*)$/;
const TS = /^\[(\d+\.\d+)\] /;
const REPLY = /icmp_seq=(\d+) ttl=\d+ time=([\d.]+) ms/;
const NO_ANSWER = /no answer yet for icmp_seq=(\d+)/;
const ERROR = /(Destination (Host|Net) Unreachable|Network is unreachable|No route to host|Time to live exceeded|Operation not permitted)/;

export function parsePingLine(line: string): PingLine | null {
  if (line.startsWith('@@corowatch ')) return { kind: 'info', text: line.slice(12) };
  const m = TAGGED.exec(line);
  if (!m) return null;
  const peerId = Number(m[1]);
  const link = Number(m[2]);
  let rest = m[3];
  let t: number | null = null;
  const ts = TS.exec(rest);
  if (ts) {
    t = Math.round(Number(ts[1]) * 1000);
    rest = rest.slice(ts[0].length);
  }
  const reply = REPLY.exec(rest);
  if (reply && t !== null) return { peerId, link, kind: 'reply', t, seq: Number(reply[1]), rttUs: Math.round(Number(reply[2]) * 1000) };
  const none = NO_ANSWER.exec(rest);
  if (none) return { peerId, link, kind: 'lost', t, seq: Number(none[1]), reason: 'no answer' };
  const err = ERROR.exec(rest);
  if (err) {
    const seq = /icmp_seq=(\d+)/.exec(rest);
    return { peerId, link, kind: 'lost', t, seq: seq ? Number(seq[1]) : null, reason: err[1] };
  }
  return null; // "PING ..." banners, statistics
}

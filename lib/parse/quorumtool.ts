// `corosync-quorumtool -s` (also `pvecm status`, which prints the same after a "Cluster information" block).
// Node ids are decimal, or 0x%08x with -H. With a quorum device the member table gets a Qdevice column
// ("A,V,NMW" / "NR") and a final row for node id 0, the device itself.
import type { ParseResult, QuorumStatus } from './types';
import { describeOutput, fail, guard, ok, parseUint, completeLines } from './text';

type Member = QuorumStatus['members'][number];
type Qdevice = NonNullable<QuorumStatus['qdevice']>;

const FIELD = /^([A-Za-z][A-Za-z ]*?):\s*(.*)$/;
const TABLE_HEADER = /^Nodeid(\s+Votes)?(\s+Qdevice)?\s+Name$/;
// corosync formats the state into char[10] with sizeof-1, so some versions print "NA,NV,NMW" as "NA,NV,NM".
const QDEVICE_STATE = /^(NR|N?A,N?V,(?:N?MW|NM))$/;
const QDEVICE_NODEID = 0;

export function parseQuorumtool(text: string): ParseResult<QuorumStatus> {
  return guard('corosync-quorumtool -s', text, parse);
}

function parse(text: string): ParseResult<QuorumStatus> {
  const fields = new Map<string, string>();
  const members: Member[] = [];
  let qdevice: Qdevice | null = null;
  let table: { votes: boolean; qdevice: boolean } | null = null;
  let sawVotequorum = false;

  for (const rawLine of completeLines(text)) {
    const line = rawLine.trim();
    if (line === 'Votequorum information') sawVotequorum = true;
    const header = TABLE_HEADER.exec(line);
    if (header) {
      table = { votes: header[1] !== undefined, qdevice: header[2] !== undefined };
    } else if (table) {
      if (line === '') continue;
      const row = parseRow(line, table);
      if (row === null) continue;
      if (row.kind === 'qdevice') qdevice = row.qdevice;
      else members.push(row.member);
    } else {
      const m = FIELD.exec(line);
      if (m && !fields.has(m[1])) fields.set(m[1], m[2].trim());
    }
  }

  const quorate = fields.get('Quorate');
  if (quorate !== 'Yes' && quorate !== 'No') {
    return fail(`corosync-quorumtool -s: expected a 'Quorate: Yes|No' line; ${describeOutput(text)}`);
  }
  const provider = fields.get('Quorum provider') || null;
  const nodes = parseUint(fields.get('Nodes'));
  // The member table is printed only for votequorum; when it is, it must be whole to be trusted.
  if (provider === 'corosync_votequorum') {
    if (!sawVotequorum || !table) {
      return fail('corosync-quorumtool -s: expected Votequorum and Membership information (output cut short?)');
    }
    if (nodes !== null && members.length !== nodes) {
      return fail(`corosync-quorumtool -s: expected ${nodes} member rows (Nodes: ${nodes}), found ${members.length}`);
    }
  }

  const quorumField = fields.get('Quorum') ?? '';
  const flags = fields.get('Flags');
  return ok({
    quorate: quorate === 'Yes',
    provider,
    nodes,
    nodeId: parseUint(fields.get('Node ID')),
    ringId: fields.get('Ring ID') || null,
    expectedVotes: parseUint(fields.get('Expected votes')),
    highestExpected: parseUint(fields.get('Highest expected')),
    totalVotes: parseUint(fields.get('Total votes')),
    quorum: parseUint(/^\d+/.exec(quorumField)?.[0]),
    activityBlocked: quorumField.includes('Activity blocked'),
    flags: flags ? flags.split(/\s+/) : [],
    members,
    qdevice,
  });
}

type Row = { kind: 'member'; member: Member } | { kind: 'qdevice'; qdevice: Qdevice };

function parseRow(line: string, table: { votes: boolean; qdevice: boolean }): Row | null {
  const tokens = line.split(/\s+/);
  const nodeId = parseUint(tokens.shift());
  if (nodeId === null) return null;
  let votes = 0;
  if (table.votes) {
    const v = parseUint(tokens.shift());
    if (v === null) return null;
    votes = v;
  }
  // The quorum device row leaves the Qdevice column blank, so only take a token that looks like a state.
  const state = table.qdevice && tokens.length > 0 && QDEVICE_STATE.test(tokens[0]) ? tokens.shift()! : null;
  let rest = tokens.join(' ');

  if (nodeId === QDEVICE_NODEID) {
    // Not casting its vote: "0 ... Qdevice (votes 1)" (votes column shows 0)
    const notCasting = /^(.*?) \(votes (\d+)\)$/.exec(rest);
    const qdevice = notCasting
      ? { name: notCasting[1], votes: Number(notCasting[2]), castingVote: false }
      : { name: rest, votes, castingVote: true };
    return { kind: 'qdevice', qdevice };
  }

  const local = rest.endsWith(' (local)') || rest === '(local)';
  if (local) rest = rest.replace(/\s*\(local\)$/, '');
  return { kind: 'member', member: { nodeId, votes, qdevice: state, name: rest || null, local } };
}

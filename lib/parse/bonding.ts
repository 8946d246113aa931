// /proc/net/bonding/<name>, as printed by the kernel's drivers/net/bonding/bond_procfs.c: a master block, then
// one "Slave Interface:" block per slave. 802.3ad details (Active Aggregator Info, the lacp pdu blocks) are only
// printed to readers with CAP_NET_ADMIN.
import type { BondStatus, ParseResult } from './types';
import { describeOutput, fail, guard, ok, parseUint, completeLines } from './text';

type Slave = BondStatus['slaves'][number];

// bond_mode_name() in bond_main.c
const MODES: Array<[string, BondStatus['modeKey']]> = [
  ['load balancing (round-robin)', 'balance-rr'],
  ['fault-tolerance (active-backup)', 'active-backup'],
  ['load balancing (xor)', 'balance-xor'],
  ['fault-tolerance (broadcast)', 'broadcast'],
  ['IEEE 802.3ad Dynamic link aggregation', '802.3ad'],
  ['transmit load balancing', 'balance-tlb'],
  ['adaptive load balancing', 'balance-alb'],
];

export function parseBonding(name: string, text: string): ParseResult<BondStatus> {
  return guard(`/proc/net/bonding/${name}`, text, (t) => parse(name, t));
}

function parse(name: string, text: string): ParseResult<BondStatus> {
  let mode: string | null = null;
  let miiStatus: BondStatus['miiStatus'] = null;
  let activeSlave: string | null = null;
  let primarySlave: string | null = null;
  let aggregatorId: number | null = null;
  const slaves: Slave[] = [];

  for (const rawLine of completeLines(text)) {
    const sep = rawLine.indexOf(': ');
    if (sep < 0) continue;
    const key = rawLine.slice(0, sep);
    const value = rawLine.slice(sep + 2).trim();
    const slave = slaves[slaves.length - 1];

    if (key === 'Slave Interface') {
      slaves.push(emptySlave(value));
    } else if (!slave) {
      // master block
      if (key === 'Bonding Mode') mode = value;
      else if (key === 'MII Status') miiStatus = upDown(value);
      else if (key === 'Currently Active Slave') activeSlave = noneToNull(value);
      else if (key === 'Primary Slave') primarySlave = noneToNull(value.split(' ')[0]); // "eno1 (primary_reselect always)"
      else if (key === '\tAggregator ID') aggregatorId = parseUint(value); // under "Active Aggregator Info:"
    } else if (key === 'MII Status') {
      slave.miiStatus = upDown(value);
      slave.miiStatusText = value;
    } else if (key === 'Speed') slave.speed = unknownToNull(value); // "1000 Mbps"
    else if (key === 'Duplex') slave.duplex = unknownToNull(value);
    else if (key === 'Link Failure Count') slave.linkFailureCount = parseUint(value);
    else if (key === 'Aggregator ID') slave.aggregatorId = parseUint(value); // "N/A" → null
    else if (key === 'Actor Churn State') slave.actorChurnState = value; // monitoring, churned, none, unknown
    else if (key === 'Partner Churn State') slave.partnerChurnState = value;
  }

  if (mode === null) {
    return fail(`/proc/net/bonding/${name}: expected a 'Bonding Mode:' line; ${describeOutput(text)}`);
  }
  const modeKey = MODES.find(([printed]) => mode!.startsWith(printed))?.[1] ?? 'unknown';
  return ok({ name, mode, modeKey, miiStatus, activeSlave, primarySlave, aggregatorId, slaves });
}

function emptySlave(name: string): Slave {
  return {
    name,
    miiStatus: null,
    speed: null,
    duplex: null,
    linkFailureCount: null,
    aggregatorId: null,
    actorChurnState: null,
    partnerChurnState: null,
    miiStatusText: null,
  };
}

function upDown(value: string): 'up' | 'down' | null {
  return value === 'up' ? 'up' : value === 'down' ? 'down' : null;
}

function unknownToNull(value: string): string | null {
  return value === 'Unknown' || value === '' ? null : value;
}

function noneToNull(value: string): string | null {
  return value === 'None' || value === '' ? null : value;
}

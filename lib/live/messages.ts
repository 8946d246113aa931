import type { ClusterView, EventRecord, NodeView } from '../analyze/views';
import type { NodePatch } from './node-patch';

// The WebSocket protocol on /api/live. A client first gets one snapshot, then deltas: whole node views the first
// time the hub sends a node (or when its links change), afterwards only the fields that changed (`patches`), and
// events added or updated; heartbeats tell it the server is alive when nothing changes. lib/live/apply.ts applies
// them.

export interface SnapshotMessage {
  type: 'snapshot';
  seq: number;
  at: number;
  clusters: ClusterView[];
  events: EventRecord[]; // open events and the most recent ended ones
}

export interface DeltaMessage {
  type: 'delta';
  seq: number;
  at: number;
  nodes: Array<{ cluster: string; node: NodeView }>;
  patches: NodePatch[];
  clusters: Array<{ name: string; quorate: boolean | null }>;
  events: EventRecord[];
}

export interface HeartbeatMessage {
  type: 'heartbeat';
  seq: number;
  at: number;
}

export type LiveMessage = SnapshotMessage | DeltaMessage | HeartbeatMessage;

import type { ClusterView, EventRecord, NodeView } from '../analyze/views';

// The WebSocket protocol on /api/live. A client first gets one snapshot, then deltas that replace whole
// node views and add or update events; heartbeats tell it the server is alive when nothing changes.

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
  clusters: Array<{ name: string; quorate: boolean | null }>;
  events: EventRecord[];
}

export interface HeartbeatMessage {
  type: 'heartbeat';
  seq: number;
  at: number;
}

export type LiveMessage = SnapshotMessage | DeltaMessage | HeartbeatMessage;

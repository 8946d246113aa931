// The one interface collectors use to reach a node. SSH is the implementation (ssh-transport.ts); tests and
// benchmarks may supply others.

export type TransportState =
  | 'connecting'
  | 'up'
  | 'down' // unreachable, refused, timed out, authentication failed
  | 'hostkey-mismatch' // the node presented a key that known_hosts does not list for it: never connected to
  | 'hostkey-unknown'; // known_hosts has no entry for the node: refused until the admin adds one

export interface ExecResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

export interface StreamHandle {
  close(): void;
}

export interface Transport {
  readonly state: TransportState;
  /** human-readable reason for the current state (no secrets) */
  readonly error: string | null;
  start(): void;
  exec(command: string, timeoutMs: number): Promise<ExecResult>;
  /** long-lived exec; onLine gets each complete output line as it arrives; onEnd once when it stops */
  stream(command: string, onLine: (line: string) => void, onEnd: (reason: string) => void): StreamHandle;
  onStateChange(listener: (state: TransportState, error: string | null) => void): void;
  /** the key a node presented while known_hosts had none for it (state hostkey-unknown), for an admin to accept */
  readonly presentedHostKey?: Buffer | null;
  /** connect now rather than after the backoff (known_hosts just changed) */
  reconnectNow?(): void;
  close(): Promise<void>;
}

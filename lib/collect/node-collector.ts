import type { ClusterConfig, NodeConfig } from '../config/schema';
import { PROBE_SCRIPT } from './probe-script';
import { PING_SCRIPT } from './ping-script';
import { followCommand } from './follow-command';
import type { Transport, TransportState, StreamHandle } from './transport';

export type StreamName = 'log' | 'ping';

export interface CollectorSink {
  ssh(node: string, state: TransportState, error: string | null): void;
  probe(node: string, stdout: string, startedAt: number, finishedAt: number): void;
  probeFailed(node: string, error: string, startedAt: number, finishedAt: number): void;
  logLine(node: string, line: string, arrivedAt: number): void;
  logFollowing(node: string, following: boolean, reason: string | null): void;
  pingLine(node: string, line: string, arrivedAt: number): void;
}

const RESTART_MIN_MS = 2000;
const RESTART_MAX_MS = 30_000;

/** A long-lived exec on the node, restarted with backoff while the connection is up. */
class LongExec {
  private handle: StreamHandle | null = null;
  private retry: NodeJS.Timeout | null = null;
  private failures = 0;

  constructor(
    private readonly transport: Transport,
    private readonly command: string,
    private readonly onLine: (line: string) => void,
    private readonly onState: (open: boolean, reason: string | null) => void,
  ) {}

  start(): void {
    if (this.handle) return;
    let opened = false;
    const open = () => {
      if (opened) return;
      opened = true;
      this.onState(true, null);
    };
    const startedAt = Date.now();
    this.handle = this.transport.stream(
      this.command,
      (line) => {
        open();
        this.onLine(line);
      },
      (reason) => {
        this.handle = null;
        this.onState(false, reason);
        // a stream that lived a while was fine; one that dies at once is failing: back off
        this.failures = Date.now() - startedAt > 60_000 ? 0 : this.failures + 1;
        if (this.transport.state === 'up') {
          const delay = Math.min(RESTART_MAX_MS, RESTART_MIN_MS * 2 ** Math.max(0, this.failures - 1));
          this.retry = setTimeout(() => this.start(), delay);
        }
      },
    );
    // a quiet log prints nothing: being open for a moment without ending is what counts
    setTimeout(() => this.handle && open(), 300).unref();
  }

  stop(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    this.handle?.close();
    this.handle = null;
  }
}

/** Polls one node over its transport at the cluster's interval, follows its corosync log and its pings. */
export class NodeCollector {
  private pollTimer: NodeJS.Timeout | null = null;
  private inFlight = false;
  private stopped = false;
  private readonly streams: LongExec[];

  constructor(
    readonly cluster: ClusterConfig,
    readonly node: NodeConfig,
    readonly transport: Transport,
    private readonly sink: CollectorSink,
  ) {
    const name = node.name;
    this.streams = [
      new LongExec(transport, followCommand(cluster.logCommand), (l) => sink.logLine(name, l, Date.now()), (open, why) => sink.logFollowing(name, open, why)),
      new LongExec(transport, PING_SCRIPT, (l) => sink.pingLine(name, l, Date.now()), () => {}),
    ];
  }

  start(): void {
    this.transport.onStateChange((state, error) => {
      this.sink.ssh(this.node.name, state, error);
      if (state === 'up') {
        for (const s of this.streams) s.start();
        void this.poll();
      } else {
        for (const s of this.streams) s.stop();
      }
    });
    this.transport.start();
    this.pollTimer = setInterval(() => void this.poll(), this.cluster.pollIntervalMs);
  }

  private async poll(): Promise<void> {
    // never overlap polls: a stalled corosync must not pile up execs on the node
    if (this.inFlight || this.stopped || this.transport.state !== 'up') return;
    this.inFlight = true;
    const startedAt = Date.now();
    try {
      const timeout = Math.max(8000, this.cluster.pollIntervalMs * 3);
      const res = await this.transport.exec(PROBE_SCRIPT, timeout);
      // a connection that died mid-probe leaves half an answer: the state change already said unreachable
      if (this.stopped || this.transport.state !== 'up') return;
      if (res.code !== 0 && !res.stdout.includes('@@corowatch')) {
        const why = (res.stderr || res.stdout).trim().split('\n')[0] || `exit status ${res.code}`;
        this.sink.probeFailed(this.node.name, `probe failed: ${why.slice(0, 200)}`, startedAt, Date.now());
      } else {
        this.sink.probe(this.node.name, res.stdout, startedAt, Date.now());
      }
    } catch (e) {
      if (!this.stopped && this.transport.state === 'up') this.sink.probeFailed(this.node.name, (e as Error).message, startedAt, Date.now());
    } finally {
      this.inFlight = false;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    for (const s of this.streams) s.stop();
    await this.transport.close();
  }
}

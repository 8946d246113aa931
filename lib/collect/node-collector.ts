import type { ClusterConfig, NodeConfig } from '../config/schema';
import { PROBE_SCRIPT } from './probe-script';
import { followCommand } from './follow-command';
import type { Transport, TransportState, StreamHandle } from './transport';

export interface CollectorSink {
  ssh(node: string, state: TransportState, error: string | null): void;
  probe(node: string, stdout: string, startedAt: number, finishedAt: number): void;
  probeFailed(node: string, error: string, startedAt: number, finishedAt: number): void;
  logLine(node: string, line: string, arrivedAt: number): void;
  logFollowing(node: string, following: boolean, reason: string | null): void;
}

/** Polls one node over its transport at the cluster's interval and follows its corosync log. */
export class NodeCollector {
  private pollTimer: NodeJS.Timeout | null = null;
  private inFlight = false;
  private follow: StreamHandle | null = null;
  private followRetry: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly cluster: ClusterConfig,
    private readonly node: NodeConfig,
    private readonly transport: Transport,
    private readonly sink: CollectorSink,
  ) {}

  start(): void {
    this.transport.onStateChange((state, error) => {
      this.sink.ssh(this.node.name, state, error);
      if (state === 'up') {
        this.startFollow();
        void this.poll();
      } else {
        this.stopFollow();
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

  private startFollow(): void {
    if (this.follow || this.stopped) return;
    const cmd = followCommand(this.cluster.logCommand);
    let opened = false;
    this.follow = this.transport.stream(
      cmd,
      (line) => {
        if (!opened) {
          opened = true;
          this.sink.logFollowing(this.node.name, true, null);
        }
        this.sink.logLine(this.node.name, line, Date.now());
      },
      (reason) => {
        this.follow = null;
        this.sink.logFollowing(this.node.name, false, reason);
        if (!this.stopped && this.transport.state === 'up') {
          this.followRetry = setTimeout(() => this.startFollow(), 2000);
        }
      },
    );
    // the stream stays silent until corosync logs something: being open is what counts
    setTimeout(() => {
      if (this.follow && !opened) {
        opened = true;
        this.sink.logFollowing(this.node.name, true, null);
      }
    }, 300);
  }

  private stopFollow(): void {
    if (this.followRetry) clearTimeout(this.followRetry);
    this.followRetry = null;
    this.follow?.close();
    this.follow = null;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.stopFollow();
    await this.transport.close();
  }
}

import type { Db } from '../store/db';
import { retentionSchema, type RetentionConfig } from '../config/schema';
import { RollupJob, type RollupResult } from '../store/rollup';
import { runRetention, type RetentionResult } from '../store/retention';

// Runs the rollups and then retention in the background, one run at a time: the first shortly after start-up, then
// `intervalMs` after the previous run ended. Both work in small statements with pauses in between (see rollup.ts and
// retention.ts), so the collectors' writes and the live push go on while a long backlog is worked off.

/** between two statements: a backlog (first start on a big database) is worked off without taking the whole core */
const PAUSE_MS = 10;

export interface HistoryJobsStatus {
  lastRunAt: number | null;
  lastRunMs: number | null;
  rollup: RollupResult | null;
  retention: RetentionResult['deleted'] | null;
  lastError: string | null;
}

export class HistoryJobs {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private job: RollupJob | null = null;
  private stopped = false;
  readonly retention: RetentionConfig;
  status: HistoryJobsStatus = { lastRunAt: null, lastRunMs: null, rollup: null, retention: null, lastError: null };

  constructor(private readonly db: Db, retention: RetentionConfig | undefined, private readonly intervalMs = 60_000, private readonly firstDelayMs = 5000) {
    this.retention = retention ?? retentionSchema.parse({});
  }

  start(): void {
    if (this.timer || this.stopped) return;
    this.schedule(this.firstDelayMs);
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.runOnce().finally(() => {
        if (!this.stopped) this.schedule(this.intervalMs);
      });
    }, ms);
    this.timer.unref?.();
  }

  /** One rollup + retention pass; concurrent calls share the pass in progress. */
  runOnce(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<void> {
    const started = Date.now();
    try {
      this.job = new RollupJob(this.db, { pauseMs: PAUSE_MS });
      const rollup = await this.job.run();
      const job = this.job;
      const retention = job.isStopped ? null : await runRetention(this.db, this.retention, { isStopped: () => job.isStopped, pauseMs: PAUSE_MS });
      this.status = { lastRunAt: started, lastRunMs: Date.now() - started, rollup, retention: retention?.deleted ?? null, lastError: null };
    } catch (e) {
      this.status = { ...this.status, lastRunAt: started, lastRunMs: Date.now() - started, lastError: (e as Error).message };
      if (!this.stopped) console.error(`[corowatch] rollup/retention failed, will retry: ${(e as Error).message}`);
    } finally {
      this.job = null;
    }
  }

  /** Stops the timer and ends a pass in progress after its current statement. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.job?.stop();
    await this.running;
  }
}

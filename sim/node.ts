// One simulated Proxmox node: its corosync process state, knet views of every peer, membership view and log.
import { KnetLink } from './knet';
import { NodeLog, type LogRecord } from './node-log';
import type { LogLevel, SimNodeInfo } from './formats';
import type { Rng } from './rng';

export const LINKS = 2; // link0 + link1, passive mode, both priority 1

export class SimNode {
  running = false;
  pid = 0;
  garbage = false;
  readonly ifDown = { manual: [false, false], scenario: [false, false] };
  /** knet view of each node id (self included: the loopback link0 only) */
  links = new Map<number, KnetLink[]>();
  best = new Map<number, number>();
  members: number[] = [];
  ringId = '';
  quorate = false;
  readonly log = new NodeLog();
  readonly clockSkewMs: number;
  /** knet notices a dead link this long after it died, a revived one after upDelayMs (per node, so one
   *  failure is logged as one batch, as the heartbeat thread does) */
  readonly downDelayMs: number;
  readonly upDelayMs: number;
  srp: Record<string, number> = {};
  ipcs = { closed: 0, pid: 0, ptr: '' };
  crypt = { rxAve: 0, rxMax: 0, rxMin: 0, txAve: 0, txMax: 0, txMin: 0 };

  constructor(
    readonly info: SimNodeInfo,
    private readonly rng: Rng,
  ) {
    this.clockSkewMs = rng.range(-1.5, 1.5);
    this.downDelayMs = rng.range(350, 700);
    this.upDelayMs = rng.range(1100, 1900);
    this.ipcs.ptr = `0x55${rng.int(0x10000000, 0xffffffff).toString(16)}${rng.int(0, 15).toString(16)}e0`.slice(0, 14);
  }

  get id(): number {
    return this.info.id;
  }
  get name(): string {
    return this.info.name;
  }

  ifaceDown(link: number): boolean {
    return this.ifDown.manual[link] || this.ifDown.scenario[link];
  }

  clock(now: number): number {
    return now + this.clockSkewMs;
  }

  private queue: LogRecord[] = [];

  /** Logs a line at time `at` (sim time); lines dated in the future are held back until flush() reaches them. */
  write(at: number, level: LogLevel, subsys: string, msg: string, pid = this.pid): void {
    const r: LogRecord = { ms: this.clock(at), pid, host: this.name, level, subsys, msg };
    let i = this.queue.length;
    while (i > 0 && this.queue[i - 1].ms > r.ms) i--;
    this.queue.splice(i, 0, r);
  }

  flush(now: number): void {
    const t = this.clock(now);
    let n = 0;
    while (n < this.queue.length && this.queue[n].ms <= t) n++;
    for (const r of this.queue.splice(0, n)) this.log.push(r);
  }

  /** A fresh corosync process: new pid, knet links configured but not yet up, counters from zero. */
  boot(now: number, allIds: number[]): void {
    this.running = true;
    this.pid = this.rng.int(1200, 60000);
    this.links = new Map();
    this.best = new Map();
    for (const id of allIds) {
      if (id === this.id) this.links.set(id, [new KnetLink(true, now)]);
      else this.links.set(id, Array.from({ length: LINKS }, () => new KnetLink(false, now + this.rng.range(0, 912))));
      if (id !== this.id) this.best.set(id, 0);
    }
    this.srp = {
      avg_backlog_calc: 0, avg_token_workload: 0, commit_entered: 0, commit_token_lost: 0, consensus_timeouts: 0,
      continuous_gather: 0, continuous_sendmsg_failures: 0, firewall_enabled_or_nic_failure: 0, gather_entered: 1,
      gather_token_lost: 0, mcast_retx: 0, mcast_rx: 0, mcast_tx: 0, memb_commit_token_rx: 0, memb_commit_token_tx: 0,
      memb_join_rx: 0, memb_join_tx: 2, memb_merge_detect_rx: 0, memb_merge_detect_tx: 0, mtt_rx_token: 0,
      operational_entered: 0, operational_token_lost: 0, orf_token_rx: 0, orf_token_tx: 0, recovery_entered: 0,
      recovery_token_lost: 0, rx_msg_dropped: 0, time_since_token_last_received: 0, token_hold_cancel_rx: 0,
      token_hold_cancel_tx: 0,
    };
    this.ipcs.closed = this.rng.int(3, 12);
    this.ipcs.pid = this.pid + this.rng.int(200, 900);
    const r = this.rng;
    this.crypt = { rxAve: r.int(9000, 18000), rxMax: r.int(30000, 60000), rxMin: r.int(2500, 4000), txAve: r.int(20000, 32000), txMax: r.int(90000, 160000), txMin: r.int(5000, 8000) };
    this.startupLog(now, allIds);
  }

  private startupLog(now: number, allIds: number[]): void {
    const w = (dt: number, level: LogLevel, sub: string, msg: string) => this.write(now + dt, level, sub, msg);
    w(0, 'notice', 'MAIN', 'Corosync Cluster Engine 3.1.7 starting up');
    w(0, 'info', 'MAIN', 'Corosync built-in features: dbus monitoring watchdog augeas systemd xmlconf vqsim nozzle snmp pie relro bindnow');
    w(0, 'notice', 'TOTEM', 'Initializing transport (Kronosnet).');
    w(248, 'info', 'TOTEM', 'totemknet initialized');
    w(248, 'info', 'KNET', 'pmtud: MTU manually set to: 0');
    w(248, 'info', 'KNET', 'common: crypto_nss.so has been loaded from /usr/lib/x86_64-linux-gnu/kronosnet/crypto_nss.so');
    const services: Array<[LogLevel, string, string]> = [
      ['notice', 'SERV', 'Service engine loaded: corosync configuration map access [0]'],
      ['info', 'QB', 'server name: cmap'],
      ['notice', 'SERV', 'Service engine loaded: corosync configuration service [1]'],
      ['info', 'QB', 'server name: cfg'],
      ['notice', 'SERV', 'Service engine loaded: corosync cluster closed process group service v1.01 [2]'],
      ['info', 'QB', 'server name: cpg'],
      ['notice', 'SERV', 'Service engine loaded: corosync profile loading service [4]'],
      ['notice', 'SERV', 'Service engine loaded: corosync resource monitoring service [6]'],
      ['warning', 'WD', 'Watchdog not enabled by configuration'],
      ['warning', 'WD', 'resource load_15min missing a recovery key.'],
      ['warning', 'WD', 'resource memory_used missing a recovery key.'],
      ['info', 'WD', 'no resources configured.'],
      ['notice', 'SERV', 'Service engine loaded: corosync watchdog service [7]'],
      ['notice', 'QUORUM', 'Using quorum provider corosync_votequorum'],
      ['notice', 'SERV', 'Service engine loaded: corosync vote quorum service v1.0 [5]'],
      ['info', 'QB', 'server name: votequorum'],
      ['notice', 'SERV', 'Service engine loaded: corosync cluster quorum service v0.1 [3]'],
      ['info', 'QB', 'server name: quorum'],
    ];
    for (const [level, sub, msg] of services) w(348, level, sub, msg);
    this.info.addrs.forEach((addr, link) => {
      w(348, 'info', 'TOTEM', `Configuring link ${link}`);
      w(348, 'info', 'TOTEM', `Configured link number ${link}: local addr: ${addr}, port=${5405 + link}`);
    });
    // knet adds every host and configures + enables each link: three "no active links" rounds per host and link
    for (let link = 0; link < LINKS; link++) {
      for (const id of allIds) {
        if (id === this.id) {
          if (link === 0) w(352, 'info', 'KNET', `link: Resetting MTU for link 0 because host ${id} joined`);
          continue;
        }
        for (let i = 0; i < 3; i++) {
          w(352, 'info', 'KNET', `host: host: ${id} (passive) best link: 0 (pri: 1)`);
          w(352, 'warning', 'KNET', `host: host: ${id} has no active links`);
        }
      }
    }
  }

  /** `corosync-cfgtool -H --force` on this node */
  shutdownLog(now: number, peersDesc: number[]): void {
    const w = (dt: number, level: LogLevel, sub: string, msg: string) => this.write(now + dt, level, sub, msg);
    w(0, 'notice', 'CFG', `Node ${this.id} was shut down by sysadmin`);
    w(0, 'notice', 'SERV', 'Unloading all Corosync service engines.');
    const engines = ['corosync vote quorum service v1.0', 'corosync configuration map access', 'corosync configuration service', 'corosync cluster closed process group service v1.01', 'corosync cluster quorum service v0.1'];
    for (const e of engines) {
      w(0, 'info', 'QB', 'withdrawing server sockets');
      w(0, 'notice', 'SERV', `Service engine unloaded: ${e}`);
    }
    w(0, 'notice', 'SERV', 'Service engine unloaded: corosync profile loading service');
    w(4, 'notice', 'SERV', 'Service engine unloaded: corosync resource monitoring service');
    w(4, 'notice', 'SERV', 'Service engine unloaded: corosync watchdog service');
    w(808, 'info', 'KNET', `link: Resetting MTU for link 0 because host ${this.id} joined`);
    for (const p of peersDesc) for (let l = 0; l < LINKS; l++) w(808, 'info', 'KNET', `link: Resetting MTU for link ${l} because host ${p} joined`);
    w(808, 'notice', 'MAIN', 'Corosync Cluster Engine exiting normally');
  }
}

// knet's per host × link view as exposed under stats.knet.node<ID>.link<N>.* : counters, connected flag, MTU
// and the latency running mean, updated the way libknet does it in process_pong():
//   samples = min(samples + 1, latency_max_samples); ave = (ave * (samples - 1) + last) / samples;
//   latency_min / latency_max track the extremes of that mean (not of single samples).

export type CmapType = 'u8' | 'u32' | 'u64' | 'i32' | 'str';

/** stats.knet.node<ID>.link<N>.<key> keys of corosync 3.1.7, already in sorted order, with their cmap types. */
export const LINK_KEYS: ReadonlyArray<readonly [string, CmapType]> = (
  'connected:u8 down_count:u32 enabled:u8 latency_ave:u32 latency_max:u32 latency_min:u32 latency_samples:u32 mtu:u32 ' +
  'rx_data_bytes:u64 rx_data_packets:u64 rx_ping_bytes:u64 rx_ping_packets:u64 rx_pmtu_bytes:u64 rx_pmtu_packets:u64 ' +
  'rx_pong_bytes:u64 rx_pong_packets:u64 rx_total_bytes:u64 rx_total_packets:u64 rx_total_retries:u64 tx_data_bytes:u64 ' +
  'tx_data_errors:u32 tx_data_packets:u64 tx_data_retries:u32 tx_ping_bytes:u64 tx_ping_errors:u32 tx_ping_packets:u64 ' +
  'tx_ping_retries:u32 tx_pmtu_bytes:u64 tx_pmtu_errors:u32 tx_pmtu_packets:u64 tx_pmtu_retries:u32 tx_pong_bytes:u64 ' +
  'tx_pong_errors:u32 tx_pong_packets:u64 tx_pong_retries:u32 tx_total_bytes:u64 tx_total_errors:u64 tx_total_packets:u64 ' +
  'up_count:u32'
)
  .split(' ')
  .map((kv) => kv.split(':') as [string, CmapType]);

export const UINT32_MAX = 4294967295;
export const LATENCY_MAX_SAMPLES = 2048; // knet_ping_precision default
export const PONG_TIMEOUT_US = 1_825_000; // runtime.config.totem.interface.N.knet_ping_timeout (ms) in µs
export const MTU_INITIAL = 469;
export const MTU_DATA = 1397;

// Wire sizes seen in the captures (encrypted ping 80 bytes out, pong 26 bytes in, ...).
const PING_TX = 80;
const PING_RX = 26;
const PMTU_TX = 1472;
const PMTU_RX = 480;

type Counter =
  | 'rx_data_bytes' | 'rx_data_packets' | 'rx_ping_bytes' | 'rx_ping_packets' | 'rx_pmtu_bytes' | 'rx_pmtu_packets'
  | 'rx_pong_bytes' | 'rx_pong_packets' | 'tx_data_bytes' | 'tx_data_packets' | 'tx_ping_bytes' | 'tx_ping_packets'
  | 'tx_pmtu_bytes' | 'tx_pmtu_packets' | 'tx_pong_bytes' | 'tx_pong_packets';

export class KnetLink {
  connected = false;
  mtu = MTU_INITIAL;
  latencyAve = 0;
  latencyMax = 0;
  latencyMin = UINT32_MAX;
  latencySamples = 0;
  downCount = 1; // knet counts the initial "down" when the link is configured
  upCount = 0;
  readonly c: Record<Counter, number> = {
    rx_data_bytes: 0, rx_data_packets: 0, rx_ping_bytes: 0, rx_ping_packets: 0, rx_pmtu_bytes: 0, rx_pmtu_packets: 0,
    rx_pong_bytes: 0, rx_pong_packets: 0, tx_data_bytes: 0, tx_data_packets: 0, tx_ping_bytes: 0, tx_ping_packets: 0,
    tx_pmtu_bytes: 0, tx_pmtu_packets: 0, tx_pong_bytes: 0, tx_pong_packets: 0,
  };
  /** when the current physical state (reachable or not) started to differ from `connected`, or null */
  pendingSince: number | null = null;
  pendingDelay = 0;
  nextPingAt: number;
  nextPmtuAt: number;
  readonly carry = { tx: 0, rx: 0 }; // fractional packets not yet counted

  constructor(
    readonly local: boolean,
    firstPingAt: number,
  ) {
    this.nextPingAt = firstPingAt;
    this.nextPmtuAt = firstPingAt + 2000;
    if (local) {
      // knet's loopback link to the node itself: always up, MTU 65535, only outgoing data is counted
      this.connected = true;
      this.mtu = 65535;
      this.downCount = 0;
      this.upCount = 1;
    }
  }

  /** A pong came back after rttUs µs. */
  recordPong(rttUs: number): void {
    this.c.rx_pong_packets++;
    this.c.rx_pong_bytes += PING_RX;
    if (rttUs > PONG_TIMEOUT_US) return; // knet discards pongs later than pong_timeout
    this.latencySamples = Math.min(this.latencySamples + 1, LATENCY_MAX_SAMPLES);
    const n = this.latencySamples;
    this.latencyAve = Math.floor((this.latencyAve * (n - 1) + Math.floor(rttUs)) / n);
    if (this.latencyAve > this.latencyMax) this.latencyMax = this.latencyAve;
    if (this.latencyAve < this.latencyMin) this.latencyMin = this.latencyAve;
  }

  sentPing(): void {
    this.c.tx_ping_packets++;
    this.c.tx_ping_bytes += PING_TX;
  }

  /** The peer pinged us on this link and we answered. */
  answeredPing(): void {
    this.c.rx_ping_packets++;
    this.c.rx_ping_bytes += PING_RX;
    this.c.tx_pong_packets++;
    this.c.tx_pong_bytes += PING_TX;
  }

  pmtud(reachable: boolean): void {
    this.c.tx_pmtu_packets++;
    this.c.tx_pmtu_bytes += PMTU_TX;
    if (reachable) {
      this.c.rx_pmtu_packets++;
      this.c.rx_pmtu_bytes += PMTU_RX;
    }
  }

  data(dir: 'tx' | 'rx', packets: number, bytes: number): void {
    this.c[`${dir}_data_packets`] += packets;
    this.c[`${dir}_data_bytes`] += bytes;
  }

  /** Every LINK_KEYS value; totals are the sums knet keeps (data + ping + pong + pmtu). */
  values(): Record<string, number> {
    const c = this.c;
    return {
      ...c,
      connected: this.connected ? 1 : 0,
      enabled: 1,
      mtu: this.mtu,
      latency_ave: this.latencyAve,
      latency_max: this.latencyMax,
      latency_min: this.latencyMin,
      latency_samples: this.latencySamples,
      down_count: this.downCount,
      up_count: this.upCount,
      rx_total_packets: c.rx_data_packets + c.rx_ping_packets + c.rx_pong_packets + c.rx_pmtu_packets,
      rx_total_bytes: c.rx_data_bytes + c.rx_ping_bytes + c.rx_pong_bytes + c.rx_pmtu_bytes,
      tx_total_packets: c.tx_data_packets + c.tx_ping_packets + c.tx_pong_packets + c.tx_pmtu_packets,
      tx_total_bytes: c.tx_data_bytes + c.tx_ping_bytes + c.tx_pong_bytes + c.tx_pmtu_bytes,
      rx_total_retries: 0,
      tx_data_errors: 0, tx_data_retries: 0, tx_ping_errors: 0, tx_ping_retries: 0, tx_pmtu_errors: 0,
      tx_pmtu_retries: 0, tx_pong_errors: 0, tx_pong_retries: 0, tx_total_errors: 0,
    };
  }
}

// npm run bench [-- --lab]: prints figures, asserts nothing. --lab also measures on the real lab (root).
import { pollCost } from './poll-cost';
import { serverCost } from './server-cost';

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 3 : 1));
const print = (r: Record<string, number>) => {
  for (const [k, v] of Object.entries(r)) console.log(`  ${k.padEnd(34)} ${fmt(v)}`);
};

async function main() {
  console.log('== poll cycle on the server (parse + model + store), real corosync 3.1.7 output (3-node), 32 nodes × 60 cycles');
  print(await pollCost());
  for (const n of [3, 32]) {
    console.log(`\n== whole server process, ${n}-node simulated cluster over real SSH at 1 Hz, pings at 5 Hz per link (30 s)`);
    print(await serverCost(n));
  }
  if (process.argv.includes('--lab')) {
    const { labBench } = await import('./lab-latency');
    await labBench();
  } else {
    console.log('\n(node-side cost and detection latency need the lab: sudo npm run bench -- --lab)');
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

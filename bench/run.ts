// npm run bench [-- --lab]: prints figures, asserts nothing. --lab also measures on the real lab (root).
import { pollCost } from './poll-cost';

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 3 : 1));

async function main() {
  console.log('== poll cycle on the server (parse + model + store), real corosync 3.1.7 output, 32 nodes × 60 cycles');
  for (const [k, v] of Object.entries(await pollCost())) console.log(`  ${k.padEnd(34)} ${fmt(v)}`);
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

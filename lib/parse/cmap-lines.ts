// `corosync-cmapctl` prints one `key (type) = value` line per key.
import { completeLines } from './text';

export interface CmapEntry {
  key: string;
  type: string;
  value: string;
}

const LINE = /^(\S+) \(([a-z0-9]+)\) = (.*)$/;

export function parseCmapLines(text: string): CmapEntry[] {
  const entries: CmapEntry[] = [];
  for (const line of completeLines(text)) {
    const m = LINE.exec(line);
    if (m) entries.push({ key: m[1], type: m[2], value: m[3] });
  }
  return entries;
}

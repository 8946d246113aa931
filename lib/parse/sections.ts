// Splits the probe script's stdout (lib/collect/probe-script.ts) into its marker-framed sections.
import { MARK } from '../collect/probe-script';

export interface Section {
  /** Output as the command printed it (stdout and stderr); complete lines keep their '\n'. */
  body: string;
  /** Exit code from the end marker; null when the output stopped before it. */
  rc: number | null;
}

const BEGIN = new RegExp(`^${MARK} begin (\\S+)$`);
// A command whose output lacks a final newline gets the end marker glued to its last line.
const END = new RegExp(`^(.*?)${MARK} end (\\S+) rc=(\\d+)$`);
const DONE = `${MARK} done`;

export function splitSections(stdout: string): { sections: Map<string, Section>; complete: boolean } {
  const sections = new Map<string, Section>();
  if (typeof stdout !== 'string') return { sections, complete: false };

  const parts = stdout.split('\n');
  // parts[i] for i < last was followed by '\n'; the last part is whatever came after the final newline.
  let open: { name: string; body: string } | null = null;
  let done = false;

  for (let i = 0; i < parts.length; i++) {
    const terminated = i < parts.length - 1;
    const raw = parts[i];
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (!terminated && raw === '') break;

    const begin = terminated ? BEGIN.exec(line) : null;
    if (begin) {
      if (open) sections.set(open.name, { body: open.body, rc: null });
      open = { name: begin[1], body: '' };
      continue;
    }
    // Marker lines count only with their newline: a cut one may be short ("rc=12" of "rc=124").
    const end = terminated ? END.exec(line) : null;
    if (end && open && end[2] === open.name) {
      // The command finished, so output glued to the marker was a complete last line.
      const body = end[1] === '' ? open.body : `${open.body}${end[1]}\n`;
      sections.set(open.name, { body, rc: Number(end[3]) });
      open = null;
      continue;
    }
    // "done" cannot be a cut-off prefix of another marker, so it counts even without its newline.
    if (line === DONE) {
      done = true;
      continue;
    }
    if (open) {
      // A cut-off marker line is not output of the command.
      if (!terminated && MARK.startsWith(line.slice(0, MARK.length))) continue;
      open.body += terminated ? `${raw}\n` : raw;
    }
  }
  if (open) sections.set(open.name, { body: open.body, rc: null });
  return { sections, complete: done && open === null };
}

import { describe, expect, it } from 'vitest';
import { splitSections } from '../../lib/parse/sections';
import { fixture } from './helpers';

const CFGTOOL_S = fixture('corosync-3.1.7/pve1.cfgtool_s.txt');
const QUORUM_DOWN = fixture('corosync-3.1.7/pve3.quorumtool_s_corosync_down.txt');
const BOND = fixture('bonding/active-backup.txt');

// What the probe script's `m` and `run` helpers echo around each command.
const section = (name: string, output: string, rc: number) =>
  `@@corowatch begin ${name}\n${output}@@corowatch end ${name} rc=${rc}\n`;

const STDOUT = [
  section('clock', '1795396366377123456\n', 0),
  section('cfgtool_s', CFGTOOL_S, 0),
  section('quorumtool_s', QUORUM_DOWN, 1),
  section('bond:bond0', BOND, 0),
  '@@corowatch done\n',
].join('');

describe('splitSections', () => {
  it('splits a complete probe run into its sections with bodies and exit codes', () => {
    const { sections, complete } = splitSections(STDOUT);
    expect(complete).toBe(true);
    expect([...sections.keys()]).toEqual(['clock', 'cfgtool_s', 'quorumtool_s', 'bond:bond0']);
    expect(sections.get('clock')).toEqual({ body: '1795396366377123456\n', rc: 0 });
    expect(sections.get('cfgtool_s')).toEqual({ body: CFGTOOL_S, rc: 0 });
    expect(sections.get('quorumtool_s')).toEqual({ body: QUORUM_DOWN, rc: 1 });
    expect(sections.get('bond:bond0')).toEqual({ body: BOND, rc: 0 });
  });

  it('ignores text outside sections, such as a login banner', () => {
    const { sections, complete } = splitSections(`Welcome to pve1\n\n${section('clock', '1\n', 0)}@@corowatch done\n`);
    expect(complete).toBe(true);
    expect([...sections.entries()]).toEqual([['clock', { body: '1\n', rc: 0 }]]);
  });

  it('keeps output glued to the end marker when a command printed no final newline', () => {
    const { sections } = splitSections('@@corowatch begin clock\n12345@@corowatch end clock rc=0\n@@corowatch done\n');
    expect(sections.get('clock')).toEqual({ body: '12345\n', rc: 0 });
  });

  it('keeps an empty body and a timeout exit code', () => {
    const { sections } = splitSections(`${section('cmap_stats', '', 124)}@@corowatch done\n`);
    expect(sections.get('cmap_stats')).toEqual({ body: '', rc: 124 });
  });

  it('accepts a final "done" whose newline was trimmed', () => {
    expect(splitSections(STDOUT.trimEnd()).complete).toBe(true);
  });

  it('reports output that stops inside a section as incomplete, with rc null for that section', () => {
    const cut = STDOUT.indexOf('@@corowatch end quorumtool_s');
    const { sections, complete } = splitSections(STDOUT.slice(0, cut));
    expect(complete).toBe(false);
    expect(sections.get('cfgtool_s')).toEqual({ body: CFGTOOL_S, rc: 0 });
    expect(sections.get('quorumtool_s')).toEqual({ body: QUORUM_DOWN, rc: null });
    expect(sections.has('bond:bond0')).toBe(false);
  });

  it('reports output that stops between sections (before "done") as incomplete', () => {
    const { sections, complete } = splitSections(STDOUT.slice(0, STDOUT.indexOf('@@corowatch done')));
    expect(complete).toBe(false);
    expect(sections.size).toBe(4);
    expect([...sections.values()].every((s) => s.rc !== null)).toBe(true);
  });

  it('never closes a section on a cut-off end marker ("rc=12" of "rc=124")', () => {
    const text = `${section('cmap_stats', 'x\n', 124)}@@corowatch done\n`;
    const { sections } = splitSections(text.slice(0, text.indexOf('rc=124') + 5));
    expect(sections.get('cmap_stats')).toEqual({ body: 'x\n', rc: null });
  });

  it('at every cut point, closed sections are exact and open ones hold a prefix of the output', () => {
    const full = splitSections(STDOUT).sections;
    for (let at = 0; at < STDOUT.length; at++) {
      const { sections, complete } = splitSections(STDOUT.slice(0, at));
      expect(complete).toBe(at >= STDOUT.indexOf('@@corowatch done') + '@@corowatch done'.length);
      for (const [name, s] of sections) {
        const whole = full.get(name)!;
        if (s.rc === null) expect(whole.body.startsWith(s.body), `${name} cut at ${at}`).toBe(true);
        else expect(s).toEqual(whole);
      }
    }
  });

  it('returns no sections for empty or unrelated output', () => {
    for (const text of ['', '\n', 'bash: timeout: command not found\n', 'Permission denied (publickey).\n']) {
      const { sections, complete } = splitSections(text);
      expect(sections.size).toBe(0);
      expect(complete).toBe(false);
    }
  });
});

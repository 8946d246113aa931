import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { checkHostKey, fingerprint, parseKnownHosts } from '@/lib/collect/known-hosts';

const keyA = Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIDzvkauArvT6BWP+MHLiggCMHccxmhBweDwWrGUT7EiV', 'base64');
const keyB = Buffer.from('AAAAC3NzaC1lZDI1NTE5AAAAIGuwaPUGDwur9rytKngLfYn2PV1Ve5UI3qpn6wPbotuX', 'base64');
const b64 = (k: Buffer) => k.toString('base64');

describe('known_hosts', () => {
  it('matches plain, [host]:port, comma lists and wildcards', () => {
    const kh = parseKnownHosts(`# comment\n10.0.0.1,pve1 ssh-ed25519 ${b64(keyA)} root@pve1\n[127.0.0.1]:44319 ssh-ed25519 ${b64(keyB)}\n*.lab ssh-ed25519 ${b64(keyA)}\n`);
    expect(checkHostKey(kh, '10.0.0.1', 22, keyA)).toBe('match');
    expect(checkHostKey(kh, 'pve1', 22, keyA)).toBe('match');
    expect(checkHostKey(kh, '127.0.0.1', 44319, keyB)).toBe('match');
    expect(checkHostKey(kh, '127.0.0.1', 22, keyB)).toBe('unknown'); // the port is part of the name
    expect(checkHostKey(kh, 'x.lab', 22, keyA)).toBe('match');
    expect(checkHostKey(kh, '10.0.0.1', 22, keyB)).toBe('mismatch');
    expect(checkHostKey(kh, '10.0.0.9', 22, keyA)).toBe('unknown');
  });

  it('matches hashed names and honours @revoked', () => {
    const salt = Buffer.from('0123456789abcdef0123');
    const hash = createHmac('sha1', salt).update('[10.0.0.2]:2222').digest('base64');
    const kh = parseKnownHosts(`|1|${salt.toString('base64')}|${hash} ssh-ed25519 ${b64(keyA)}\n@revoked 10.0.0.3 ssh-ed25519 ${b64(keyB)}\n10.0.0.3 ssh-ed25519 ${b64(keyB)}\n`);
    expect(checkHostKey(kh, '10.0.0.2', 2222, keyA)).toBe('match');
    expect(checkHostKey(kh, '10.0.0.2', 22, keyA)).toBe('unknown');
    expect(checkHostKey(kh, '10.0.0.3', 22, keyB)).toBe('revoked');
  });

  it('prints fingerprints as OpenSSH does', () => {
    expect(fingerprint(keyA)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });
});

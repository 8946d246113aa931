// One SSH server per simulated node on 127.0.0.1: ed25519 host key, publickey auth for one user and one key.
// The TCP listener is ours (sockets handed to ssh2 via injectSocket) so stop() can drop live connections and
// start() can listen on the same port again.
import { createServer, type Server as NetServer, type Socket } from 'node:net';
import ssh2, { type Connection, type ParsedKey, type Server as SshServer } from 'ssh2';

export interface NodeSshOptions {
  hostKey: string; // OpenSSH private key
  clientKey: ParsedKey; // the only accepted public key
  user: string;
  onExec: (command: string, channel: import('ssh2').ServerChannel) => void;
}

export class NodeSshServer {
  port = 0;
  /** what clients did here: a client that refused our host key never gets as far as authenticating */
  readonly stats = { connections: 0, authAttempts: 0, execs: 0 };
  private listener: NetServer | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly ssh: SshServer;

  constructor(private readonly opts: NodeSshOptions) {
    this.ssh = new ssh2.Server({ hostKeys: [opts.hostKey], ident: 'OpenSSH_9.2p1 Debian-2+deb12u3' }, (client) => this.onClient(client));
    this.ssh.on('error', () => {});
  }

  private onClient(client: Connection): void {
    const { clientKey, user } = this.opts;
    client.on('error', () => {});
    this.stats.connections++;
    client.on('authentication', (ctx) => {
      this.stats.authAttempts++;
      if (ctx.method !== 'publickey' || ctx.username !== user) return ctx.reject(['publickey']);
      if (ctx.key.algo !== clientKey.type || !ctx.key.data.equals(clientKey.getPublicSSH())) return ctx.reject(['publickey']);
      if (ctx.signature && ctx.blob && clientKey.verify(ctx.blob, ctx.signature, ctx.hashAlgo) !== true) return ctx.reject(['publickey']);
      ctx.accept();
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        const session = accept();
        session.on('exec', (acc, _rej, info) => {
          this.stats.execs++;
          this.opts.onExec(info.command, acc());
        });
        session.on('env', (acc) => acc?.());
        session.on('pty', (_acc, rej) => rej?.());
        session.on('shell', (_acc, rej) => rej());
        session.on('subsystem', (_acc, rej) => rej());
      });
    });
  }

  /** Listens on `port` (0: any free port); resolves with the port. */
  start(port = this.port): Promise<number> {
    if (this.listener) return Promise.resolve(this.port);
    return new Promise((resolve, reject) => {
      const srv = createServer((sock) => {
        this.sockets.add(sock);
        sock.on('close', () => this.sockets.delete(sock));
        sock.on('error', () => {});
        this.ssh.injectSocket(sock);
      });
      srv.once('error', reject);
      srv.listen(port, '127.0.0.1', () => {
        srv.off('error', reject);
        srv.on('error', () => {});
        this.listener = srv;
        this.port = (srv.address() as { port: number }).port;
        resolve(this.port);
      });
    });
  }

  /** Stops listening and drops every live connection. */
  stop(): Promise<void> {
    const srv = this.listener;
    this.listener = null;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (!srv) return Promise.resolve();
    return new Promise((resolve) => srv.close(() => resolve()));
  }
}

import { createServer } from 'node:http';
import { parse } from 'node:url';
import next from 'next';
import { WebSocketServer } from 'ws';
import { ConfigError } from './lib/config/load';
import { resolveConfig } from './lib/runtime/config-source';
import { Runtime } from './lib/runtime/runtime';
import { setRuntime } from './lib/runtime/global';
import { defaultDatabaseUrl } from './lib/store/db';
import { sendJson } from './lib/auth/http-util';

const LIVE_PATH = '/api/live';

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const hostname = process.env.HOST ?? '0.0.0.0';
  const dev = process.env.NODE_ENV !== 'production';

  let source;
  try {
    source = await resolveConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`[corowatch] ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  console.log(`[corowatch] config ${source.file}${source.demo ? ' (demo mode: simulated cluster over SSH on 127.0.0.1)' : ''}`);

  const runtime = await Runtime.start(source.config, { databaseUrl: process.env.DATABASE_URL ?? defaultDatabaseUrl() });
  setRuntime(runtime);
  if (runtime.access.enabled) {
    const oneTime = await runtime.access.store.ensureAdmin(process.env.COROWATCH_ADMIN_PASSWORD || undefined);
    // the "printed once": a one-time password that must be changed at the first login, so it is worthless after
    if (oneTime) console.log(`[corowatch] created user "admin" with the one-time password ${oneTime} (shown only now; it must be changed at first login)`);
  } else {
    console.warn('[corowatch] auth: none: access control is OFF, anyone who can reach this port can see and change everything');
  }
  delete process.env.COROWATCH_ADMIN_PASSWORD;

  const app = next({ dev, hostname, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const nextUpgrade = app.getUpgradeHandler();

  const server = createServer((req, res) => {
    runtime.access.http(req, res).then(
      (answered) => (answered ? undefined : handle(req, res, parse(req.url ?? '/', true))),
      (e: Error) => {
        console.error('[corowatch] access check failed:', e.message);
        if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      },
    );
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  server.on('upgrade', (req, socket, head) => {
    const { pathname } = parse(req.url ?? '/');
    if (pathname !== LIVE_PATH) {
      if (dev) void nextUpgrade(req, socket, head); // hot reload
      else socket.destroy();
      return;
    }
    runtime.access.upgrade(req).then(
      (p) => {
        if ('refused' in p) {
          socket.end(`HTTP/1.1 ${p.refused} ${p.refused === 401 ? 'Unauthorized' : 'Forbidden'}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${p.reason}\n`);
          return;
        }
        wss.handleUpgrade(req, socket, head, (ws) => {
          runtime.access.track(ws, p);
          runtime.hub.attach(ws);
        });
      },
      () => socket.destroy(),
    );
  });
  server.listen(port, hostname, () => console.log(`[corowatch] listening on http://${hostname}:${port}`));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[corowatch] ${signal}: flushing and stopping`);
    server.close();
    for (const ws of wss.clients) ws.terminate();
    await runtime.stop();
    await source.demo?.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e) => {
  console.error('[corowatch] failed to start:', e);
  process.exit(1);
});

'use client';
import { useEffect, useRef, useState } from 'react';
import type { ClusterView, EventRecord } from '@/lib/analyze/views';
import type { LiveMessage } from '@/lib/live/messages';
import { applyMessage } from '@/lib/live/apply';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'stale';

export interface LiveState {
  clusters: ClusterView[];
  events: EventRecord[];
  status: LiveStatus;
  lastMessageAt: number | null;
  /** when the data stopped being live (connection lost or silent), for "stale since" */
  staleSince: number | null;
}

const SILENCE_MS = 15_000; // the server sends a heartbeat every 5 s

/** Live state from /api/live: reconnects by itself and always knows whether it is live. */
export function useLive(): LiveState {
  const [state, setState] = useState<LiveState>({ clusters: [], events: [], status: 'connecting', lastMessageAt: null, staleSince: null });
  const retry = useRef(0);

  useEffect(() => {
    let ws: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let closed = false;
    const connect = () => {
      const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
      ws = new WebSocket(`${proto}//${location.host}/api/live`);
      ws.onmessage = (ev) => {
        retry.current = 0;
        const msg = JSON.parse(String(ev.data)) as LiveMessage;
        setState((s) => ({ ...applyMessage(s, msg), status: 'live', lastMessageAt: Date.now(), staleSince: null }));
      };
      ws.onclose = () => {
        if (closed) return;
        setState((s) => ({ ...s, status: 'reconnecting', staleSince: s.staleSince ?? s.lastMessageAt ?? Date.now() }));
        const delay = Math.min(5000, 500 * 2 ** retry.current++);
        timer = setTimeout(connect, delay);
      };
    };
    connect();
    const watchdog = setInterval(() => {
      setState((s) =>
        s.status === 'live' && s.lastMessageAt !== null && Date.now() - s.lastMessageAt > SILENCE_MS
          ? { ...s, status: 'stale', staleSince: s.lastMessageAt }
          : s,
      );
    }, 1000);
    return () => {
      closed = true;
      if (timer) clearTimeout(timer);
      clearInterval(watchdog);
      ws?.close();
    };
  }, []);

  return state;
}

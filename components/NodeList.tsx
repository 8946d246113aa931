import type { NodeView } from '@/lib/analyze/views';
import { formatTime } from './format';

function nodeState(n: NodeView): { cls: string; text: string } {
  if (!n.reachable) {
    if (n.ssh === 'connecting') return { cls: 'unknown', text: 'connecting…' };
    if (n.ssh === 'hostkey-mismatch') return { cls: 'bad', text: 'HOST KEY MISMATCH' };
    if (n.ssh === 'hostkey-unknown') return { cls: 'bad', text: 'host key not trusted' };
    return { cls: 'unknown', text: 'unknown (unreachable)' };
  }
  if (n.corosync === 'down') return { cls: 'bad', text: 'corosync not running' };
  if (n.corosync === 'unresponsive') return { cls: 'warn', text: 'corosync not answering' };
  if (n.corosync === 'unknown') return { cls: 'unknown', text: 'unknown' };
  if (n.quorate === false) return { cls: 'bad', text: 'not quorate' };
  return { cls: 'ok', text: 'ok' };
}

export function NodeList({ nodes }: { nodes: NodeView[] }) {
  return (
    <ul className="nodes">
      {nodes.map((n) => {
        const s = nodeState(n);
        return (
          <li key={n.name} className={`node node-${s.cls}`} data-node={n.name} data-reachable={String(n.reachable)}>
            <strong>{n.name}</strong>
            {n.nodeId !== null && <span className="muted"> id {n.nodeId}</span>} <span className={`state state-${s.cls}`}>{s.text}</span>
            <span className="muted"> · polled {formatTime(n.lastPollAt)}{n.logFollowing ? ' · log followed' : ' · log not followed'}</span>
            {n.sshError && <div className="error">{n.sshError}</div>}
            {n.errors.map((e) => (
              <div key={e.probe} className="error" data-parse-error={e.probe}>
                parse error in {e.probe}: {e.error}
              </div>
            ))}
            {n.bonds.map((b) => (
              <div key={b.name} className="muted">
                bond {b.name}: {b.modeKey}, {b.slaves.filter((s) => s.miiStatus === 'up').length}/{b.slaves.length} slaves up
                {b.activeSlave ? `, active ${b.activeSlave}` : ''}
              </div>
            ))}
          </li>
        );
      })}
    </ul>
  );
}

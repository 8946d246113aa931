import type { ClusterView } from '@/lib/analyze/views';
import { LinkCell } from './LinkCell';

/** Observing node (rows) × peer (columns); each cell lists the knet links between them. */
export function LinkMatrix({ cluster }: { cluster: ClusterView }) {
  const names = cluster.nodes.map((n) => n.name);
  const peers = [...new Set([...names, ...cluster.nodes.flatMap((n) => n.links.map((l) => l.peer))])];
  return (
    <table className="matrix" data-testid={`matrix-${cluster.name}`}>
      <thead>
        <tr>
          <th scope="col">observer ↓ / peer →</th>
          {peers.map((p) => <th key={p} scope="col">{p}</th>)}
        </tr>
      </thead>
      <tbody>
        {cluster.nodes.map((n) => (
          <tr key={n.name}>
            <th scope="row">{n.name}</th>
            {peers.map((p) => {
              if (p === n.name) return <td key={p} className="self">—</td>;
              const links = n.links.filter((l) => l.peer === p);
              return (
                <td key={p}>
                  {links.length === 0 ? (
                    <span className="link link-unknown" data-cell={`${n.name}>${p}#*`} data-state="unknown">
                      <span className="link-sym" aria-hidden>?</span> <span className="link-text">{n.reachable ? 'no data' : 'unknown'}</span>
                    </span>
                  ) : (
                    links.map((l) => <LinkCell key={l.link} node={n.name} link={l} />)
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

import Link from 'next/link';
import type { ClusterView, EventRecord } from '@/lib/analyze/views';
import { LinkCell, linkHref } from './LinkCell';

/** Observing node (rows) × peer (columns); each cell lists the knet links between them and links to their charts. */
export function LinkMatrix({ cluster, events = [] }: { cluster: ClusterView; events?: EventRecord[] }) {
  const open = events.filter((e) => e.endedAt === null && e.cluster === cluster.name && e.peer !== null && e.link !== null);
  const openFor = (node: string, peer: string, link: number) => open.filter((e) => e.node === node && e.peer === peer && e.link === link);
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
                    <Link className="cell-link" href={linkHref(cluster.name, n.name, p)} prefetch={false}>
                      <span className="link link-unknown" data-cell={`${n.name}>${p}#*`} data-state="unknown">
                        <span className="link-sym" aria-hidden>?</span> <span className="link-text">{n.reachable ? 'no data' : 'unknown'}</span>
                      </span>
                    </Link>
                  ) : (
                    links.map((l) => <LinkCell key={l.link} cluster={cluster.name} node={n.name} link={l} openEvents={openFor(n.name, p, l.link)} />)
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

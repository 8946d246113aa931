'use client';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { sendJson } from '@/components/csrf';
import { LOG_COMMAND_CHOICES } from '@/lib/collect/follow-command';

interface NodeRow { name: string; host: string; port: number; user: string; identityFile: string }
interface ClusterInfo { name: string; pollIntervalMs: number; logCommand: string; nodes: NodeRow[]; source: 'file' | 'ui'; [more: string]: unknown }
interface Editing { name: string; pollIntervalMs: number; logCommand: string; nodes: NodeRow[]; isNew: boolean; rest: Record<string, unknown> }



const emptyNode = (): NodeRow => ({ name: '', host: '', port: 22, user: 'root', identityFile: '' });

/** Clusters and their nodes: those from corowatch.yaml read-only, UI-managed ones added, edited and removed here. */
export function ClustersPanel() {
  const [clusters, setClusters] = useState<ClusterInfo[]>([]);
  const [errors, setErrors] = useState<string[]>([]);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    const r = await fetch('/api/admin/clusters');
    if (!r.ok) return;
    const b = (await r.json()) as { clusters: ClusterInfo[]; errors: string[] };
    setClusters(b.clusters);
    setErrors(b.errors);
  }, []);
  useEffect(() => void load(), [load]);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!editing) return;
    // settings the form does not show (thresholds) are kept as they were
    const spec = { ...editing.rest, name: editing.name, pollIntervalMs: editing.pollIntervalMs, logCommand: editing.logCommand, nodes: editing.nodes.map((n) => ({ ...n, port: Number(n.port) })) };
    const { status, data } = await sendJson<{ error?: string }>('POST', '/api/admin/clusters', spec);
    if (status !== 200) return setError(data.error ?? `HTTP ${status}`);
    setError(null);
    setEditing(null);
    void load();
  }

  async function remove(name: string) {
    if (!confirm(`Stop watching cluster ${name}? Its history stays until retention removes it.`)) return;
    const { status, data } = await sendJson<{ error?: string }>('DELETE', `/api/admin/clusters/${encodeURIComponent(name)}`);
    if (status !== 200) setError(data.error ?? `HTTP ${status}`);
    void load();
  }

  const setNode = (i: number, patch: Partial<NodeRow>) =>
    setEditing((ed) => ed && { ...ed, nodes: ed.nodes.map((n, j) => (j === i ? { ...n, ...patch } : n)) });

  return (
    <section data-testid="clusters-panel">
      <h2>Clusters and nodes</h2>
      {errors.map((e) => <p key={e} className="error">{e}</p>)}
      <table className="matrix">
        <thead><tr><th>cluster</th><th>nodes</th><th>poll</th><th>defined in</th><th /></tr></thead>
        <tbody>
          {clusters.map((c) => (
            <tr key={c.name} data-admin-cluster={c.name}>
              <td>{c.name}</td>
              <td>{c.nodes.map((n) => `${n.name} (${n.user}@${n.host}:${n.port})`).join(', ')}</td>
              <td>{c.pollIntervalMs} ms</td>
              <td>{c.source === 'file' ? 'corowatch.yaml (read-only here)' : 'this UI'}</td>
              <td>
                {c.source === 'ui' && (
                  <>
                    <button onClick={() => { const { source: _s, name, pollIntervalMs, logCommand, nodes, ...rest } = c; setEditing({ name, pollIntervalMs, logCommand, nodes, isNew: false, rest }); }}>Edit</button>{' '}
                    <button className="danger" onClick={() => void remove(c.name)}>Remove</button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!editing && <p><button onClick={() => setEditing({ name: '', pollIntervalMs: 1000, logCommand: LOG_COMMAND_CHOICES[0], nodes: [emptyNode()], isNew: true, rest: {} })}>Add a cluster</button></p>}
      {editing && (
        <form className="admin-form" onSubmit={save} data-testid="cluster-form">
          <label>Cluster name<input value={editing.name} readOnly={!editing.isNew} required onChange={(e) => setEditing({ ...editing, name: e.target.value })} /></label>
          <label>Poll interval (ms)<input type="number" min={200} max={60000} value={editing.pollIntervalMs} onChange={(e) => setEditing({ ...editing, pollIntervalMs: Number(e.target.value) })} /></label>
          <label>
            Corosync&apos;s log is read with
            <select value={editing.logCommand} onChange={(e) => setEditing({ ...editing, logCommand: e.target.value })}>
              {LOG_COMMAND_CHOICES.map((c) => <option key={c} value={c}>{c}</option>)}
            </select>
          </label>
          <table className="matrix">
            <thead><tr><th>node name</th><th>host</th><th>port</th><th>user</th><th>private key file on this server</th><th /></tr></thead>
            <tbody>
              {editing.nodes.map((n, i) => (
                <tr key={i}>
                  <td><input aria-label="node name" value={n.name} required onChange={(e) => setNode(i, { name: e.target.value })} /></td>
                  <td><input aria-label="host" value={n.host} required onChange={(e) => setNode(i, { host: e.target.value })} /></td>
                  <td><input aria-label="port" type="number" value={n.port} onChange={(e) => setNode(i, { port: Number(e.target.value) })} /></td>
                  <td><input aria-label="user" value={n.user} onChange={(e) => setNode(i, { user: e.target.value })} /></td>
                  <td><input aria-label="identity file" value={n.identityFile} required placeholder="/etc/corowatch/id_ed25519" onChange={(e) => setNode(i, { identityFile: e.target.value })} /></td>
                  <td><button type="button" className="danger" onClick={() => setEditing({ ...editing, nodes: editing.nodes.filter((_, j) => j !== i) })}>×</button></td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            <button type="button" onClick={() => setEditing({ ...editing, nodes: [...editing.nodes, emptyNode()] })}>Add a node</button>{' '}
            <button type="submit">Save and connect</button>{' '}
            <button type="button" onClick={() => setEditing(null)}>Cancel</button>
          </p>
          <p className="muted">New nodes are not logged in to until their host key is accepted below.</p>
        </form>
      )}
      {error && <p className="error" role="alert" data-testid="clusters-error">{error}</p>}
    </section>
  );
}

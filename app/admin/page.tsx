import Link from 'next/link';
import { TokensPanel } from '@/components/admin/TokensPanel';
import { HostKeysPanel } from '@/components/admin/HostKeysPanel';
import { ClustersPanel } from '@/components/admin/ClustersPanel';
import { LogoutButton } from '@/components/LogoutButton';
import '../auth.css';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Admin · corowatch' };

/** /admin (admins only, lib/auth/policy.ts): clusters and nodes, host keys to accept, viewer tokens. */
export default function Page() {
  return (
    <main className="admin">
      <div className="top">
        <h1>Admin</h1>
        <nav className="nav">
          <Link href="/">overview</Link>
          <Link href="/alerts">alerts</Link>
          <Link href="/account/password">password</Link>
          <LogoutButton />
        </nav>
      </div>
      <HostKeysPanel />
      <ClustersPanel />
      <TokensPanel />
    </main>
  );
}

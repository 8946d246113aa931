import type { ReactNode } from 'react';
import './globals.css';

export const metadata = { title: 'corowatch', description: 'Live corosync/knet cluster network monitor' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}

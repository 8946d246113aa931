import type { ReactNode } from 'react';
import './wall.css';

export const metadata = { title: 'corowatch wall' };

export default function WallLayout({ children }: { children: ReactNode }) {
  return children;
}

'use client';
import { sendJson } from './csrf';

export function LogoutButton() {
  return (
    <button className="linklike" data-testid="logout" onClick={() => void sendJson('POST', '/api/auth/logout').then(() => location.assign('/login'))}>
      log out
    </button>
  );
}

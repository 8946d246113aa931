import { PasswordForm } from './PasswordForm';
import '../../auth.css';

export const metadata = { title: 'Change password · corowatch' };

export default function Page() {
  return (
    <main className="auth-page">
      <h1>Change password</h1>
      <PasswordForm />
    </main>
  );
}

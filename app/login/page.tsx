import { LoginForm } from './LoginForm';
import '../auth.css';

export const metadata = { title: 'Log in · corowatch' };

export default function Page() {
  return (
    <main className="auth-page">
      <h1>corowatch</h1>
      <LoginForm />
    </main>
  );
}

import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, type Location } from 'react-router';
import { InputField } from '../ui/fields';
import { Alert, errorMessage, Loading } from '../ui/feedback';
import { hasErrors, type FieldErrors } from '../ui/form-errors';
import { useLogin, useSession } from './session';

type Field = 'email' | 'password';

export function LoginPage() {
  const session = useSession();
  const login = useLogin();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors<Field>>({});

  if (session.isPending) return <Loading label="Checking your session…" />;
  if (session.data) {
    const from = (location.state as { from?: Location } | null)?.from;
    const target = from && from.pathname !== '/login' ? `${from.pathname}${from.search}` : '/attention';
    return <Navigate to={target} replace />;
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: FieldErrors<Field> = {
      email: !email.trim()
        ? 'Enter your e-mail address.'
        : !/^\S+@\S+$/.test(email.trim())
          ? 'Enter a valid e-mail address.'
          : undefined,
      password: !password ? 'Enter your password.' : undefined,
    };
    setErrors(next);
    if (hasErrors(next)) return;
    login.mutate({ email: email.trim(), password });
  };

  return (
    <main className="login-page">
      <div className="login-card">
        <p className="brand brand-dark">
          Sign’Stash <span className="brand-sub">Backoffice</span>
        </p>
        <h1 className="page-title">Sign in</h1>
        <p className="muted">Use the account your issuer gave you: issuer operators and viewers sign in here.</p>
        {login.isError && <Alert kind="error">{errorMessage(login.error)}</Alert>}
        <form onSubmit={submit} noValidate>
          <InputField
            label="E-mail"
            name="email"
            type="email"
            autoComplete="username"
            value={email}
            onChange={setEmail}
            error={errors.email}
            required
          />
          <InputField
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={setPassword}
            error={errors.password}
            required
          />
          <button type="submit" className="button button-primary button-block" disabled={login.isPending}>
            {login.isPending ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </div>
    </main>
  );
}

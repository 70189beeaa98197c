import { Alert, Button, FormFieldTextbox, Paragraph } from '@utrecht/component-library-react';
import { FormEvent, useRef, useState } from 'react';
import { ApiError } from '../api';
import { useFocusAfterRender } from '../forms';
import { useSession } from '../session';
import { ScreenTitle, valueOf } from '../ui';

function loginError(error: unknown): string {
  if (error instanceof ApiError && error.status === 401) return 'E-mailadres of wachtwoord is onjuist.';
  if (error instanceof ApiError && error.status === 429) {
    const minutes = error.retryAfterSeconds ? Math.ceil(error.retryAfterSeconds / 60) : undefined;
    const wait = minutes ? ` over ${minutes} ${minutes === 1 ? 'minuut' : 'minuten'}` : ' later';
    return `Te veel inlogpogingen. Inloggen is tijdelijk geblokkeerd; probeer het${wait} opnieuw.`;
  }
  if (error instanceof ApiError && error.status === 400) return 'Vul een geldig e-mailadres en een wachtwoord in.';
  return 'Inloggen lukt nu niet. Probeer het later opnieuw.';
}

export function LoginScreen() {
  const { login, notice } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorRef = useRef<HTMLDivElement>(null);
  // The button is disabled while busy, so focus would fall to the page: it goes to the error.
  const focus = useFocusAfterRender();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(email.trim(), password);
    } catch (caught) {
      setError(loginError(caught));
      focus.to(errorRef);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="vt-stack">
      <ScreenTitle title="Inloggen">Inloggen</ScreenTitle>
      {notice && !error && (
        <Alert type="info" role="status">
          <Paragraph>{notice}</Paragraph>
        </Alert>
      )}
      <div ref={errorRef} tabIndex={-1}>
        {error && (
          <Alert type="error" role="alert">
            <Paragraph>{error}</Paragraph>
          </Alert>
        )}
      </div>
      <form onSubmit={(event) => void submit(event)} noValidate className="vt-stack">
        <FormFieldTextbox
          label="E-mailadres"
          name="email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(event) => setEmail(valueOf(event))}
        />
        <FormFieldTextbox
          label="Wachtwoord"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(valueOf(event))}
        />
        <Button type="submit" appearance="primary-action-button" disabled={busy}>
          {busy ? 'Bezig met inloggen…' : 'Inloggen'}
        </Button>
      </form>
    </div>
  );
}

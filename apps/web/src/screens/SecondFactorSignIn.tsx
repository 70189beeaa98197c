import { Button, FormFieldTextbox, Paragraph } from '@utrecht/component-library-react';
import { FormEvent, useRef, useState } from 'react';
import { ApiError, SecondFactorStep, User } from '../api';
import { AlertRegion, TotpCodeField, useAttempt } from '../forms';
import { signInWithCode, signInWithPasskey } from '../second-factor';
import { ScreenTitle, valueOf } from '../ui';

export function secondFactorError(error: unknown): string {
  if (error instanceof ApiError && error.status === 401) {
    return 'De code is onjuist of al gebruikt. Werkt het niet, log dan opnieuw in: deze stap verloopt na enkele minuten.';
  }
  if (error instanceof ApiError && error.status === 429) {
    const minutes = error.retryAfterSeconds ? Math.ceil(error.retryAfterSeconds / 60) : undefined;
    const wait = minutes ? ` over ${minutes} ${minutes === 1 ? 'minuut' : 'minuten'}` : ' later';
    return `Te veel inlogpogingen. Inloggen is tijdelijk geblokkeerd; probeer het${wait} opnieuw.`;
  }
  if (error instanceof ApiError && error.status === 400) return 'Vul de code in zoals de app of de lijst die toont.';
  // The browser's own passkey errors (cancelled, timed out, no such passkey) carry no api status.
  if (!(error instanceof ApiError))
    return 'De passkey is niet gebruikt. Probeer het opnieuw of kies een andere manier.';
  return 'Inloggen lukt nu niet. Probeer het later opnieuw.';
}

/** The step after the password: a code of the authenticator app, a passkey, or a recovery code. */
export function SecondFactorSignIn({
  step,
  onSignedIn,
  onCancel,
}: {
  step: SecondFactorStep;
  onSignedIn(user: User): void;
  onCancel(): void;
}) {
  // A code field from the start when the user has an app; a recovery code only when asked for.
  const [method, setMethod] = useState<'totp' | 'recovery_code' | null>(
    step.methods.includes('totp') ? 'totp' : step.passkey ? null : 'recovery_code',
  );
  const [code, setCode] = useState('');
  const { error, setError, busy, errorRef, focus, attempt } = useAttempt(onSignedIn, secondFactorError);
  const codeRef = useRef<HTMLDivElement>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (method) void attempt(() => signInWithCode(step.challengeToken, method, code));
  };

  const switchTo = (next: 'totp' | 'recovery_code') => {
    setMethod(next);
    setCode('');
    setError(null);
    // The field changes label: focus goes to it, so a screen reader announces the new one.
    focus.to({
      get current() {
        return codeRef.current?.querySelector('input') ?? null;
      },
    });
  };

  return (
    <div className="vt-stack">
      <ScreenTitle title="Tweede stap">Tweede stap bij het inloggen</ScreenTitle>
      <AlertRegion ref={errorRef} type="error" message={error} />
      {step.methods.includes('passkey') && step.passkey && (
        <div className="vt-stack">
          <Paragraph>Gebruik de passkey op uw apparaat of beveiligingssleutel.</Paragraph>
          <Button
            appearance="primary-action-button"
            disabled={busy}
            onClick={() => void attempt(() => signInWithPasskey(step.challengeToken, step.passkey!))}
          >
            Inloggen met passkey
          </Button>
        </div>
      )}
      {method && (
        <form onSubmit={submit} noValidate className="vt-stack">
          <div ref={codeRef}>
            {method === 'totp' ? (
              <TotpCodeField name="totp-code" value={code} onChange={setCode} />
            ) : (
              <FormFieldTextbox
                label="Herstelcode"
                description="Een van de herstelcodes die u bij het instellen kreeg. Elke code werkt één keer."
                name="recovery-code"
                autoComplete="off"
                required
                value={code}
                onChange={(event) => setCode(valueOf(event))}
              />
            )}
          </div>
          <Button
            type="submit"
            appearance={step.passkey ? 'secondary-action-button' : 'primary-action-button'}
            disabled={busy}
          >
            {busy ? 'Bezig met inloggen…' : 'Inloggen'}
          </Button>
        </form>
      )}
      <div className="vt-row">
        {method !== 'recovery_code' && step.methods.includes('recovery_code') && (
          <Button appearance="subtle-button" onClick={() => switchTo('recovery_code')}>
            Een herstelcode gebruiken
          </Button>
        )}
        {method !== 'totp' && step.methods.includes('totp') && (
          <Button appearance="subtle-button" onClick={() => switchTo('totp')}>
            Een code uit de app gebruiken
          </Button>
        )}
        <Button appearance="subtle-button" onClick={onCancel}>
          Terug naar inloggen
        </Button>
      </div>
    </div>
  );
}

import { Alert, Button, FormFieldTextbox, Heading2, Paragraph } from '@utrecht/component-library-react';
import { FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, hasOrganisationSignIn, organisationSignInUrl } from '../api';
import { pendingStep } from '../second-factor';
import { AlertRegion, useFocusAfterRender } from '../forms';
import { useSession } from '../session';
import { ScreenTitle, valueOf } from '../ui';
import { SecondFactorEnrolment } from './SecondFactorScreen';
import { SecondFactorSignIn } from './SecondFactorSignIn';

/** The api's answer when the address and password open accounts in more than one organisation. */
function asksForOrganisation(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && error.details.some((d) => d.field === 'organisation');
}

function loginError(error: unknown): string {
  if (asksForOrganisation(error)) {
    return 'Dit e-mailadres hoort bij meer dan één organisatie. Vul de code van uw organisatie in.';
  }
  if (error instanceof ApiError && error.status === 401) return 'E-mailadres of wachtwoord is onjuist.';
  if (error instanceof ApiError && error.status === 429) {
    const minutes = error.retryAfterSeconds ? Math.ceil(error.retryAfterSeconds / 60) : undefined;
    const wait = minutes ? ` over ${minutes} ${minutes === 1 ? 'minuut' : 'minuten'}` : ' later';
    return `Te veel inlogpogingen. Inloggen is tijdelijk geblokkeerd; probeer het${wait} opnieuw.`;
  }
  if (error instanceof ApiError && error.status === 400) return 'Vul een geldig e-mailadres en een wachtwoord in.';
  return 'Inloggen lukt nu niet. Probeer het later opnieuw.';
}

/** The api sends the browser back here with one of these keys when sign-in at the organisation fails. */
const ORGANISATION_SIGN_IN_ERRORS: Record<string, string> = {
  oidc_refused:
    'U kunt met dit account niet inloggen bij deze organisatie. Neem contact op met de beheerder van uw organisatie.',
  oidc_expired: 'De inlogpoging is verlopen of ongeldig. Probeer het opnieuw.',
  oidc_failed: 'Inloggen bij uw organisatie is niet gelukt. Probeer het opnieuw.',
  oidc_unavailable: 'Inloggen via uw organisatie lukt nu niet. Probeer het later opnieuw.',
};

/** The error the api sent the browser back with, if any. */
function errorFromAddress(): string | null {
  const key = new URLSearchParams(location.search).get('inlogfout');
  if (key === null) return null;
  return ORGANISATION_SIGN_IN_ERRORS[key] ?? ORGANISATION_SIGN_IN_ERRORS.oidc_failed;
}

function OrganisationSignIn({ onError }: { onError(message: string): void }) {
  const [slug, setSlug] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const code = slug.trim().toLowerCase();
    if (!code) return onError('Vul de code van uw organisatie in.');
    setBusy(true);
    try {
      if (await hasOrganisationSignIn(code)) return location.assign(organisationSignInUrl(code));
      onError('Deze organisatie is onbekend of logt niet in via een eigen inlogdienst.');
    } catch {
      onError('Inloggen via uw organisatie lukt nu niet. Probeer het later opnieuw.');
    }
    setBusy(false);
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate className="vt-stack" aria-labelledby="via-organisatie">
      <Heading2 id="via-organisatie">Inloggen via uw organisatie</Heading2>
      <FormFieldTextbox
        label="Code van uw organisatie"
        name="organisation"
        autoComplete="organization"
        value={slug}
        onChange={(event) => setSlug(valueOf(event))}
      />
      <Button type="submit" appearance="secondary-action-button" disabled={busy}>
        {busy ? 'Bezig…' : 'Naar de inlogdienst van uw organisatie'}
      </Button>
    </form>
  );
}

/** The password, then the second factor when one applies (docs/second-factor.md). */
export function LoginScreen() {
  const { secondFactor, askSecondFactor, signedIn, cancelSecondFactor } = useSession();
  // Back from the organisation's provider, whose sign-in did not count as multi-factor: the hub's own
  // second factor follows. Its step is handed out once; without it, the sign-in starts over.
  useEffect(() => {
    if (!new URLSearchParams(location.search).has('tweedestap')) return;
    history.replaceState(null, '', location.pathname);
    pendingStep().then(askSecondFactor, () => location.replace('/inloggen?inlogfout=oidc_expired'));
  }, [askSecondFactor]);
  if (secondFactor?.enrolment) {
    return (
      <SecondFactorEnrolment
        enrolmentToken={secondFactor.challengeToken}
        onSignedIn={signedIn}
        onCancel={cancelSecondFactor}
      />
    );
  }
  if (secondFactor)
    return <SecondFactorSignIn step={secondFactor} onSignedIn={signedIn} onCancel={cancelSecondFactor} />;
  return <PasswordLogin />;
}

function PasswordLogin() {
  const { login, notice } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  // Shown once the api asks which organisation is meant.
  const [organisation, setOrganisation] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(errorFromAddress);
  // Shown once: a reload does not repeat it.
  useEffect(() => {
    if (new URLSearchParams(location.search).has('inlogfout')) history.replaceState(null, '', location.pathname);
  }, []);
  const [busy, setBusy] = useState(false);
  const errorRef = useRef<HTMLDivElement>(null);
  // The button is disabled while busy, so focus would fall to the page: it goes to the error.
  const focus = useFocusAfterRender();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const slug = organisation?.trim().toLowerCase();
      await login(email.trim(), password, slug || undefined);
    } catch (caught) {
      if (asksForOrganisation(caught)) setOrganisation((current) => current ?? '');
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
      <AlertRegion ref={errorRef} type="error" message={error} />
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
        {organisation !== null && (
          <FormFieldTextbox
            label="Organisatie"
            description="De code van uw organisatie, bijvoorbeeld vt-midden."
            name="login-organisation"
            autoComplete="organization"
            value={organisation}
            onChange={(event) => setOrganisation(valueOf(event))}
          />
        )}
        <Button type="submit" appearance="primary-action-button" disabled={busy}>
          {busy ? 'Bezig met inloggen…' : 'Inloggen'}
        </Button>
      </form>
      <OrganisationSignIn
        onError={(message) => {
          setError(message);
          focus.to(errorRef);
        }}
      />
    </div>
  );
}

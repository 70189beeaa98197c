import { Button, FormFieldTextbox, Heading2, Paragraph } from '@utrecht/component-library-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, ReactNode, RefObject, useMemo, useRef, useState } from 'react';
import { ApiError, begin, User } from '../api';
import { AlertRegion, TotpCodeField, useAttempt, useFocusAfterRender } from '../forms';
import {
  Enrolled,
  EnrolmentClient,
  enrolmentClient,
  isReauthenticationRequired,
  SecondFactorStatus,
  stepUp,
} from '../second-factor';
import { useSession } from '../session';
import { ScreenTitle, valueOf } from '../ui';
import { secondFactorError } from './SecondFactorSignIn';

/** Long values (the otpauth URI) wrap anywhere rather than widen the page. */
const WRAP = { overflowWrap: 'anywhere' } as const;

/** The secret in groups of four, as authenticator apps show them when typed in by hand. */
const grouped = (secret: string) => secret.replace(/(.{4})/g, '$1 ').trim();

function setupError(error: unknown): string {
  if (error instanceof ApiError && error.status === 400 && error.details.some((d) => d.field === 'code')) {
    return 'De code klopt niet. Vul de code in die de app nu toont.';
  }
  if (error instanceof ApiError && error.status === 409) return error.message;
  // The browser's own passkey errors (cancelled, timed out) carry no api status; a refused one a 400.
  if (!(error instanceof ApiError) || error.status === 400)
    return 'De passkey is niet aangemaakt. Probeer het opnieuw.';
  return 'Dat lukt nu niet. Probeer het later opnieuw.';
}

function stepUpError(error: unknown): string {
  if (error instanceof ApiError && error.status === 400 && error.details.some((d) => d.field === 'code')) {
    return 'De code klopt niet of is al gebruikt. Vul de code in die de app nu toont.';
  }
  if (error instanceof ApiError && error.status === 400 && error.details.some((d) => d.field === 'response')) {
    return 'De passkey is niet geaccepteerd. Probeer het opnieuw of kies een andere manier.';
  }
  // Too many tries, and the browser's own passkey errors, read as at sign-in.
  if (!(error instanceof ApiError) || error.status === 429) return secondFactorError(error);
  return 'Bevestigen lukt nu niet. Probeer het later opnieuw.';
}

/**
 * The api refused a change: the session has not used the second factor recently. A code or a
 * passkey confirms it here; without either at hand, signing in again (a recovery code will do)
 * comes back to this screen.
 */
function StepUp({
  status,
  headingRef,
  onConfirmed,
}: {
  status: SecondFactorStatus;
  headingRef: RefObject<HTMLHeadingElement | null>;
  onConfirmed(): void;
}) {
  const { logout } = useSession();
  const [code, setCode] = useState('');
  const { error, busy, errorRef, attempt } = useAttempt<void>(onConfirmed, stepUpError);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void attempt(() => stepUp('totp', code));
  };

  return (
    <section className="vt-stack" aria-labelledby="bevestig-eerst">
      <Heading2 id="bevestig-eerst" ref={headingRef} tabIndex={-1}>
        Bevestig eerst dat u het bent
      </Heading2>
      <Paragraph>
        Uw inlogbeveiliging wijzigen kan alleen kort nadat u uw tweede stap heeft gebruikt. Bevestig het met uw
        authenticator-app of passkey en voer de wijziging daarna opnieuw uit.
      </Paragraph>
      <AlertRegion ref={errorRef} type="error" message={error} />
      {status.totp.enabled && (
        <form onSubmit={submit} noValidate className="vt-stack">
          <TotpCodeField name="step-up-code" value={code} onChange={setCode} />
          <Button type="submit" appearance="primary-action-button" disabled={busy}>
            Bevestigen met code
          </Button>
        </form>
      )}
      {status.passkeys.length > 0 && (
        <Button
          appearance="secondary-action-button"
          disabled={busy}
          onClick={() => void attempt(() => stepUp('passkey'))}
        >
          Bevestigen met passkey
        </Button>
      )}
      <Paragraph>
        Heeft u uw app of passkey niet bij de hand? Log dan opnieuw in, zo nodig met een herstelcode. Daarna komt u
        terug op dit scherm.
      </Paragraph>
      <Button appearance="subtle-button" disabled={busy} onClick={() => void logout()}>
        Opnieuw inloggen
      </Button>
    </section>
  );
}

/** Recovery codes, shown once. */
function RecoveryCodes({ codes, onDone, done }: { codes: string[]; onDone(): void; done: string }) {
  return (
    <section className="vt-stack" aria-labelledby="herstelcodes-nieuw">
      <Heading2 id="herstelcodes-nieuw" tabIndex={-1}>
        Uw herstelcodes
      </Heading2>
      <Paragraph>
        Bewaar deze codes op een veilige plek, bijvoorbeeld afgedrukt. Met een herstelcode logt u in als u uw app of
        passkey kwijt bent. Elke code werkt één keer. U ziet ze alleen nu.
      </Paragraph>
      <ol>
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <Button appearance="primary-action-button" onClick={onDone}>
        {done}
      </Button>
    </section>
  );
}

/**
 * Enrolling and managing the second factor. In the enrolment-only state (`onSession` set) the
 * first confirmed factor opens the session; removing factors or renewing codes needs a session.
 */
export function SecondFactorSetup({
  client,
  onSession,
}: {
  client: EnrolmentClient;
  onSession?: (user: User) => void;
}) {
  const enrolling = onSession !== undefined;
  const queries = useQueryClient();
  const statusKey = ['second-factor', enrolling ? 'enrolment' : 'session'];
  const { data: status } = useQuery({ queryKey: statusKey, queryFn: client.status });
  const [totp, setTotp] = useState<{ secret: string; uri: string } | null>(null);
  const [code, setCode] = useState('');
  const [passkeyName, setPasskeyName] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const [user, setUser] = useState<User | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [stepUpNeeded, setStepUpNeeded] = useState(false);
  const errorRef = useRef<HTMLDivElement>(null);
  const messageRef = useRef<HTMLDivElement>(null);
  const stepUpRef = useRef<HTMLHeadingElement>(null);
  const codesRef = useRef<HTMLDivElement>(null);
  const totpRef = useRef<HTMLElement>(null);
  const focus = useFocusAfterRender();
  const codesHeading = useMemo(
    () => ({
      get current() {
        return codesRef.current?.querySelector<HTMLElement>('h2') ?? null;
      },
    }),
    [],
  );

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      await work();
      await queries.invalidateQueries({ queryKey: statusKey });
    } catch (caught) {
      if (!enrolling && isReauthenticationRequired(caught)) {
        setStepUpNeeded(true);
        focus.to(stepUpRef);
      } else {
        setError(setupError(caught));
        focus.to(errorRef);
      }
    } finally {
      setBusy(false);
    }
  };

  /** After a confirmed factor: the codes to keep, or straight on. */
  const enrolled = (result: Enrolled, done: string) => {
    const signedIn = result.session ? begin(result.session) : null;
    setUser(signedIn);
    if (result.recoveryCodes) {
      setCodes(result.recoveryCodes);
      focus.to(codesHeading);
    } else if (signedIn && onSession) {
      onSession(signedIn);
    } else {
      setMessage(done);
      focus.to(messageRef);
    }
  };

  const confirm = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      enrolled(await client.confirmTotp(code), 'De authenticator-app is ingesteld.');
      setTotp(null);
      setCode('');
    });
  };

  const addPasskey = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      enrolled(await client.addPasskey(passkeyName || 'Passkey'), 'De passkey is toegevoegd.');
      setPasskeyName('');
    });
  };

  if (codes) {
    return (
      <div ref={codesRef}>
        <RecoveryCodes
          codes={codes}
          done={user && onSession ? 'Ik heb de codes bewaard, verder' : 'Ik heb de codes bewaard'}
          onDone={() => {
            setCodes(null);
            if (user && onSession) onSession(user);
          }}
        />
      </div>
    );
  }

  const section = (id: string, title: string, children: ReactNode) => (
    <section className="vt-stack" aria-labelledby={id}>
      <Heading2 id={id}>{title}</Heading2>
      {children}
    </section>
  );

  return (
    <div className="vt-stack">
      <AlertRegion ref={errorRef} type="error" message={error} />
      <AlertRegion ref={messageRef} type="ok" message={message} />
      {stepUpNeeded && status && (
        <StepUp
          status={status}
          headingRef={stepUpRef}
          onConfirmed={() => {
            setStepUpNeeded(false);
            setMessage('U heeft bevestigd dat u het bent. Voer de wijziging nu opnieuw uit.');
            focus.to(messageRef);
          }}
        />
      )}
      {section(
        'authenticator-app',
        'Authenticator-app',
        status?.totp.enabled ? (
          <>
            <Paragraph>De authenticator-app is ingesteld.</Paragraph>
            {!enrolling && (
              <Button
                appearance="secondary-action-button"
                disabled={busy}
                onClick={() => void run(() => client.removeTotp())}
              >
                Authenticator-app verwijderen
              </Button>
            )}
          </>
        ) : totp ? (
          <form onSubmit={confirm} noValidate className="vt-stack">
            <Paragraph>
              Voeg in uw authenticator-app een account toe en typ deze sleutel over (of open de koppeling op dit
              apparaat):
            </Paragraph>
            <Paragraph>
              Sleutel:{' '}
              <code ref={totpRef} tabIndex={-1} style={WRAP}>
                {grouped(totp.secret)}
              </code>
            </Paragraph>
            <Paragraph>
              Koppeling: <code style={WRAP}>{totp.uri}</code>
            </Paragraph>
            <TotpCodeField
              label="Code uit de app"
              description="Vul de zes cijfers in die de app nu toont. Daarna telt de app als tweede stap."
              name="totp-confirm"
              value={code}
              onChange={setCode}
            />
            <Button type="submit" appearance="primary-action-button" disabled={busy}>
              Bevestigen
            </Button>
          </form>
        ) : (
          <>
            <Paragraph>Een app op uw telefoon die elke 30 seconden een nieuwe code van zes cijfers toont.</Paragraph>
            <Button
              appearance="secondary-action-button"
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  setTotp(await client.setUpTotp());
                  focus.to(totpRef);
                })
              }
            >
              Authenticator-app instellen
            </Button>
          </>
        ),
      )}
      {section(
        'passkeys',
        'Passkeys',
        <>
          <Paragraph>Een passkey op dit apparaat, uw telefoon of een beveiligingssleutel.</Paragraph>
          {status && status.passkeys.length > 0 && (
            <ul className="vt-stack">
              {status.passkeys.map((passkey) => (
                <li key={passkey.id} className="vt-row">
                  <span>{passkey.name}</span>
                  {!enrolling && (
                    <Button
                      appearance="subtle-button"
                      disabled={busy}
                      aria-label={`Passkey ${passkey.name} verwijderen`}
                      onClick={() => void run(() => client.removePasskey(passkey.id))}
                    >
                      Verwijderen
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          )}
          <form onSubmit={addPasskey} noValidate className="vt-stack">
            <FormFieldTextbox
              label="Naam van de passkey"
              description="Zodat u uw passkeys uit elkaar houdt, bijvoorbeeld ‘Laptop werk’."
              name="passkey-name"
              maxLength={100}
              value={passkeyName}
              onChange={(event) => setPasskeyName(valueOf(event))}
            />
            <Button type="submit" appearance="secondary-action-button" disabled={busy}>
              Passkey toevoegen
            </Button>
          </form>
        </>,
      )}
      {!enrolling &&
        status &&
        section(
          'herstelcodes',
          'Herstelcodes',
          <>
            <Paragraph>
              U heeft nog {status.recoveryCodes.remaining}{' '}
              {status.recoveryCodes.remaining === 1 ? 'ongebruikte herstelcode' : 'ongebruikte herstelcodes'}. Nieuwe
              codes maken de oude ongeldig.
            </Paragraph>
            <Button
              appearance="secondary-action-button"
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  const { recoveryCodes } = await client.regenerateRecoveryCodes();
                  setUser(null);
                  setCodes(recoveryCodes);
                  focus.to(codesHeading);
                })
              }
            >
              Nieuwe herstelcodes maken
            </Button>
          </>,
        )}
    </div>
  );
}

/** The signed-in user's own second factor. */
export function SecondFactorScreen() {
  const client = useMemo(() => enrolmentClient(), []);
  return (
    <div className="vt-stack">
      <ScreenTitle title="Inlogbeveiliging">Inlogbeveiliging</ScreenTitle>
      <Paragraph>
        Na uw wachtwoord vraagt Casusregie een tweede stap: een code uit een authenticator-app of een passkey.
      </Paragraph>
      <SecondFactorSetup client={client} />
    </div>
  );
}

/** Right after the password, for a user without a second factor: enrolling is all this state allows. */
export function SecondFactorEnrolment({
  enrolmentToken,
  onSignedIn,
  onCancel,
}: {
  enrolmentToken: string;
  onSignedIn(user: User): void;
  onCancel(): void;
}) {
  const client = useMemo(() => enrolmentClient(enrolmentToken), [enrolmentToken]);
  return (
    <div className="vt-stack">
      <ScreenTitle title="Tweede stap instellen">Tweede stap instellen</ScreenTitle>
      <Paragraph>
        Voor uw account is een tweede stap bij het inloggen verplicht. Stel een authenticator-app of een passkey in;
        daarna bent u ingelogd.
      </Paragraph>
      <SecondFactorSetup client={client} onSession={onSignedIn} />
      <Button appearance="subtle-button" onClick={onCancel}>
        Terug naar inloggen
      </Button>
    </div>
  );
}

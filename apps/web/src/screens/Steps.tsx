import { createContext, ReactNode, useContext, useMemo, useRef, useState } from 'react';
import { AlertRegion, useFocusAfterRender } from '../forms';

const StepContext = createContext<{ close: () => void } | null>(null);
const ConfirmContext = createContext<((message: string) => void) | null>(null);

/**
 * A step that opens on demand, so a case with many possible steps stays readable. Its form mounts
 * when opened: what it loads (and the audit entry that costs) only when someone means to use it.
 * A form inside closes it once saved (`useStep`).
 */
export function Step({ title, children }: { title: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDetailsElement>(null);
  const step = useMemo(
    () => ({
      close: () => {
        if (ref.current) ref.current.open = false;
      },
    }),
    [],
  );
  return (
    <details ref={ref} className="vt-step" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{title}</summary>
      {open && (
        <div className="vt-step__body">
          <StepContext.Provider value={step}>{children}</StepContext.Provider>
        </div>
      )}
    </details>
  );
}

/** The step a form sits in, if any: the form closes it after a successful save. */
export const useStep = () => useContext(StepContext);

/**
 * Where the steps inside say they are done: a confirmation above them, with focus on it. Above,
 * not in the step: the step may be gone once the case has moved on (an action done, a phase left).
 */
export function Confirmations({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  const focus = useFocusAfterRender();
  const confirm = useMemo(
    () => (text: string) => {
      setMessage(text);
      focus.to(ref);
    },
    [focus],
  );
  return (
    <ConfirmContext.Provider value={confirm}>
      <AlertRegion ref={ref} type="ok" message={message} />
      {children}
    </ConfirmContext.Provider>
  );
}

/** Confirms a step done in the nearest `Confirmations`; null outside one. */
export const useConfirm = () => useContext(ConfirmContext);

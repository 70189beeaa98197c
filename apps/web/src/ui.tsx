import {
  Fieldset,
  FieldsetLegend,
  FormFieldCheckbox,
  FormFieldErrorMessage,
  Heading1,
  Link,
  Table,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@utrecht/component-library-react';
import { ComponentProps, KeyboardEvent, MouseEvent, ReactNode, useEffect, useRef, useState } from 'react';
import { useDecreeDays } from './calendar';
import { countdown, Deadline } from './countdown';
import { DEADLINE_KINDS, label } from './labels';
import { navigate } from './router';

/** An in-app link: a real href (new tab, copy) that navigates without reloading. */
export function AppLink({ to, children }: { to: string; children: ReactNode }) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <Link href={to} onClick={onClick}>
      {children}
    </Link>
  );
}

/** The screen's heading; it takes focus on arrival so screen readers announce the new screen. */
export function ScreenTitle({ children, title }: { children: ReactNode; title: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Casusregie Veilig Thuis`;
    ref.current?.focus();
  }, [title]);
  return (
    <Heading1 ref={ref} tabIndex={-1}>
      {children}
    </Heading1>
  );
}

export function DeadlineCountdown({ deadline }: { deadline: Deadline }) {
  const { text, tone } = countdown(deadline, useDecreeDays());
  return (
    <span>
      {label(DEADLINE_KINDS, deadline.kind)}: <span className={`vt-countdown vt-countdown--${tone}`}>{text}</span>
    </span>
  );
}

/** The Utrecht form fields type their change event on the wrapper; the target is the input. */
export const valueOf = (event: { target: EventTarget }): string => (event.target as HTMLInputElement).value;

/**
 * A table that scrolls sideways on its own when the screen is too narrow (reflow, WCAG 1.4.10:
 * the page itself never does). Focusable while it scrolls, so the keyboard can scroll it too, and
 * no extra tab stop while it fits.
 */
export function DataTable(props: ComponentProps<typeof Table>) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const measure = () => setScrolls(box.scrollWidth > box.clientWidth);
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    if (box.firstElementChild) observer.observe(box.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={ref} className="vt-table-scroll" tabIndex={scrolls ? 0 : undefined}>
      <Table {...props} />
    </div>
  );
}

/** A table's column headings. */
export function ColumnHeaders({ columns }: { columns: string[] }) {
  return (
    <TableHeader>
      <TableRow>
        {columns.map((column) => (
          <TableHeaderCell key={column} scope="col">
            {column}
          </TableHeaderCell>
        ))}
      </TableRow>
    </TableHeader>
  );
}

/**
 * A set of checkboxes over codes, with its error tied to the group. Fields are named
 * `<name>.<code>`, so an API error on `<name>` lands here.
 */
export function CheckboxGroup({
  legend,
  name,
  options,
  selected,
  onChange,
  error,
}: {
  legend: string;
  name: string;
  options: Record<string, string | { label: string; hint: string }>;
  selected: string[];
  onChange: (selected: string[]) => void;
  error?: string;
}) {
  const errorId = `${name}-fout`;
  return (
    <Fieldset invalid={!!error} aria-describedby={error ? errorId : undefined}>
      <FieldsetLegend>{legend}</FieldsetLegend>
      {error && <FormFieldErrorMessage id={errorId}>{error}</FormFieldErrorMessage>}
      {Object.entries(options).map(([code, option]) => (
        <FormFieldCheckbox
          key={code}
          label={typeof option === 'string' ? option : option.label}
          description={typeof option === 'string' ? undefined : option.hint}
          name={`${name}.${code}`}
          // Marked one by one as well, so focus after an error can land on the group's first box.
          inputInvalid={!!error}
          checked={selected.includes(code)}
          onChange={(event) =>
            onChange(event.target.checked ? [...selected, code] : selected.filter((other) => other !== code))
          }
        />
      ))}
    </Fieldset>
  );
}

export interface Tab {
  id: string;
  title: string;
  content: ReactNode;
}

/**
 * Tabs as WAI-ARIA has them: one tab stop, arrow keys (and Home, End) to the next tab, which opens
 * at once. Every panel stays mounted, hidden when not chosen, so a half-filled form survives a look
 * at another tab. The chosen tab rides in the address (`#id`), so a reload or a link opens it.
 */
export function Tabs({ label: name, tabs }: { label: string; tabs: Tab[] }) {
  const fromAddress = () => tabs.find((tab) => `#${tab.id}` === location.hash)?.id;
  const [chosen, setChosen] = useState(() => fromAddress() ?? tabs[0].id);
  const list = useRef<HTMLDivElement>(null);
  const current = tabs.some((tab) => tab.id === chosen) ? chosen : tabs[0].id;
  const choose = (id: string, focus = false) => {
    setChosen(id);
    history.replaceState(history.state, '', `${location.pathname}${location.search}#${id}`);
    if (focus) list.current?.querySelector<HTMLElement>(`#tab-${id}`)?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = tabs.findIndex((tab) => tab.id === current);
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    choose(tabs[(to + tabs.length) % tabs.length].id, true);
  };
  return (
    <div className="vt-tabs">
      <div ref={list} role="tablist" aria-label={name} className="vt-tabs__list" onKeyDown={onKeyDown}>
        {tabs.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={`tab-${tab.id}`}
            aria-selected={tab.id === current}
            aria-controls={`paneel-${tab.id}`}
            tabIndex={tab.id === current ? 0 : -1}
            className="vt-tabs__tab"
            onClick={() => choose(tab.id)}
          >
            {tab.title}
          </button>
        ))}
      </div>
      {tabs.map((tab) => (
        <div
          key={tab.id}
          role="tabpanel"
          id={`paneel-${tab.id}`}
          aria-labelledby={`tab-${tab.id}`}
          hidden={tab.id !== current}
          tabIndex={0}
          className="vt-stack vt-tabs__panel"
        >
          {tab.content}
        </div>
      ))}
    </div>
  );
}

import { assertHandlersComplete, JobHandler, JOB_NAMES } from './jobs';

const handler = (name: string): JobHandler => ({ name, handle: async () => undefined }) as unknown as JobHandler;

describe('assertHandlersComplete', () => {
  it('accepts one handler per registered job', () => {
    expect(() => assertHandlersComplete(JOB_NAMES.map(handler))).not.toThrow();
  });

  it('refuses a registered job without a handler', () => {
    expect(() => assertHandlersComplete([])).toThrow(`job ${JOB_NAMES[0]} has no handler`);
  });

  it('refuses duplicates and unknown handlers', () => {
    expect(() => assertHandlersComplete([...JOB_NAMES.map(handler), handler(JOB_NAMES[0])])).toThrow('more than one');
    expect(() => assertHandlersComplete([...JOB_NAMES.map(handler), handler('nope')])).toThrow('unregistered job nope');
  });
});

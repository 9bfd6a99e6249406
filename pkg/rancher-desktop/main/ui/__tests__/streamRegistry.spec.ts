import { StreamRegistry } from '../streamRegistry';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('StreamRegistry', () => {
  function setup() {
    const events: string[] = [];
    const registry = new StreamRegistry({ output: (id, text) => events.push(`${ id }:${ text }`), end: (id, error) => events.push(`${ id }:end${ error ? `:${ error }` : '' }`) });

    return { events, registry };
  }

  it('starts the operation only after the id was handed out, and reports its end', async() => {
    const { events, registry } = setup();
    const id = registry.start(async(out) => out('hello'));

    expect(events).toEqual([]);
    await tick();
    await tick();
    expect(events).toEqual([`${ id }:hello`, `${ id }:end`]);
    expect(registry.size).toBe(0);
  });

  it('passes on an operation\'s failure', async() => {
    const { events, registry } = setup();
    const id = registry.start(() => Promise.reject(new Error('pull access denied')));

    await tick();
    await tick();
    expect(events).toEqual([`${ id }:end:pull access denied`]);
  });

  it('cancels through the abort signal and reports a plain end', async() => {
    const { events, registry } = setup();
    const id = registry.start((_out, signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))));

    await tick();
    registry.cancel(id);
    await tick();
    expect(events).toEqual([`${ id }:end`]);
  });

  it('aborts everything when the connection goes', async() => {
    const { registry } = setup();
    const signals: AbortSignal[] = [];

    registry.start((_o, s) => {
      signals.push(s);

      return new Promise(() => {});
    });
    await tick();
    registry.disposeAll();
    expect(signals[0].aborted).toBe(true);
  });
});

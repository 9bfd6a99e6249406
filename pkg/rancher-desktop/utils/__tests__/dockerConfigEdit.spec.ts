import { removeTopLevelKey, setTopLevelString } from '../dockerConfigEdit';

// What the docker CLI writes: tab indentation, nested objects, a string holding braces and quotes.
const DOCKER_WRITTEN = '{\n\t"auths": {\n\t\t"registry.example": {\n\t\t\t"auth": "dTpw"\n\t\t}\n\t},\n\t"detachKeys": "ctrl-\\"},{",\n\t"plugins": {"x": [1, {"y": null}]}\n}';

describe('editing one key of docker config.json as text', () => {
  it('adds the key in the file\'s own indentation and takes it out again byte for byte', () => {
    const added = setTopLevelString(DOCKER_WRITTEN, 'currentContext', 'rancher-desktop');

    expect(added.startsWith('{\n\t"currentContext": "rancher-desktop",\n\t"auths": {')).toBe(true);
    expect(JSON.parse(added)).toEqual({ ...JSON.parse(DOCKER_WRITTEN), currentContext: 'rancher-desktop' });
    expect(removeTopLevelKey(added, 'currentContext')).toBe(DOCKER_WRITTEN);
  });

  it('replaces an existing value where it stands, and removes a last or only member', () => {
    const text = '{"a": 1, "currentContext": "default"}\n';
    const replaced = setTopLevelString(text, 'currentContext', 'rancher-desktop');

    expect(replaced).toBe('{"a": 1, "currentContext": "rancher-desktop"}\n');
    expect(removeTopLevelKey(replaced, 'currentContext')).toBe('{"a": 1}\n');
    expect(removeTopLevelKey('{ "currentContext": "x" }\n', 'currentContext')).toBe('{}\n');
    expect(removeTopLevelKey(setTopLevelString('{}\n', 'currentContext', 'x'), 'currentContext')).toBe('{}\n');
    expect(removeTopLevelKey(text, 'missing')).toBe(text);
  });

  it('only touches top-level keys, and refuses what is not a JSON object', () => {
    const nested = '{"proxies": {"currentContext": "keep"}}';

    expect(removeTopLevelKey(nested, 'currentContext')).toBe(nested);
    expect(() => setTopLevelString('[1]', 'currentContext', 'x')).toThrow(/not a JSON object/);
    expect(() => setTopLevelString('{"a": ', 'currentContext', 'x')).toThrow();
  });
});

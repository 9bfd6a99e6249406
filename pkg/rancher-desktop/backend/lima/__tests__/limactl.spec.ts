import { limaLogMessage } from '../limactl';

describe('limaLogMessage', () => {
  it('takes the message out of a logrus line, unescaping quotes', () => {
    expect(limaLogMessage('time="2026-01-01T00:00:00Z" level=info msg="[hostagent] Waiting for \\"ssh\\""')).toBe('[hostagent] Waiting for "ssh"');
    expect(limaLogMessage('plain output')).toBeUndefined();
  });
});

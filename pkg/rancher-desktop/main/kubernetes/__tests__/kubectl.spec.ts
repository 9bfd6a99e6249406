import { kubectlReason } from '../kubectl';

describe('kubectlReason', () => {
  it('leaves out client-go\'s log lines when kubectl said something itself', () => {
    // What kubectl 1.34.4 prints when the API server does not answer.
    const stderr = [
      'E1202 20:05:21.565846   17500 memcache.go:265] "Unhandled Error" err="couldn\'t get current server API group list: Get \\"https://127.0.0.1:1/api?timeout=32s\\": dial tcp 127.0.0.1:1: connect: connection refused"',
      'E1202 20:05:21.566205   17500 memcache.go:265] "Unhandled Error" err="couldn\'t get current server API group list"',
      'The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?',
      '',
    ].join('\n');

    expect(kubectlReason(stderr)).toBe('The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?');
  });

  it('keeps the last log line when that is all there is, and the last lines of a long message', () => {
    expect(kubectlReason('E1202 20:05:21.565846   17500 portforward.go:413] an error occurred forwarding 8080 -> 80\n')).toMatch(/an error occurred forwarding/);
    expect(kubectlReason(['a', 'b', 'c', 'd', 'e', 'f'].join('\n'))).toBe('b\nc\nd\ne\nf');
    expect(kubectlReason('')).toBe('');
  });
});

// Two projects: unit tests run everything in-process with fakes; integration tests
// boot the built headless app (mock backend) and talk to it over HTTP and rdctl.
const transform = { '^.+\\.(t|j)s$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
const moduleNameMapper = { '^@pkg/(.*)$': '<rootDir>/pkg/rancher-desktop/$1' };

module.exports = {
  projects: [
    {
      displayName: 'unit',
      transform,
      moduleNameMapper,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/pkg/**/__tests__/**/*.spec.ts', '<rootDir>/src/**/__tests__/**/*.spec.ts', '<rootDir>/scripts/**/__tests__/**/*.spec.ts'],
    },
    {
      displayName: 'integration',
      transform,
      moduleNameMapper,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/pkg/rancher-desktop/__integration__/**/*.spec.ts'],
    },
  ],
};

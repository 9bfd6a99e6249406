// Three projects: unit tests run everything in-process with fakes; renderer tests mount
// Vue components in jsdom; integration tests boot the built headless app (mock backend)
// and talk to it over HTTP and rdctl.
const transform = { '^.+\\.(t|j)s$': ['@swc/jest', { jsc: { target: 'es2022' } }] };
const moduleNameMapper = { '^@pkg/(.*)$': '<rootDir>/pkg/rancher-desktop/$1' };

module.exports = {
  projects: [
    {
      displayName: 'unit',
      transform,
      moduleNameMapper,
      testEnvironment: 'node',
      testPathIgnorePatterns: ['/renderer/'],
      testMatch: ['<rootDir>/pkg/**/__tests__/**/*.spec.ts', '<rootDir>/src/**/__tests__/**/*.spec.ts', '<rootDir>/scripts/**/__tests__/**/*.spec.ts'],
    },
    {
      // The renderer's components and store, in a DOM (jsdom) with Vue's browser build.
      displayName: 'renderer',
      transform: { ...transform, '^.+\\.vue$': '<rootDir>/scripts/jest/vueTransform.cjs' },
      moduleNameMapper,
      testEnvironment: 'jsdom',
      testEnvironmentOptions: { customExportConditions: ['node', 'node-addons'] },
      moduleFileExtensions: ['ts', 'js', 'vue', 'json'],
      testMatch: ['<rootDir>/pkg/rancher-desktop/renderer/**/__tests__/**/*.spec.ts'],
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

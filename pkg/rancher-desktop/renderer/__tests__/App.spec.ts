import { mount } from '@vue/test-utils';
import { createStore } from 'vuex';
import { createMemoryHistory, createRouter } from 'vue-router';

import { State } from '@pkg/ipc/backendState';
import type { BackendSnapshot } from '@pkg/ipc/uiContract';

import App from '../App.vue';
import { storeKey } from '../store';

async function mountApp(backend: BackendSnapshot) {
  const store = createStore({ state: { connected: true, locked: {}, backend } });
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:any(.*)', component: { template: '<p>page</p>' }, meta: { title: 'Page' } }] });

  Object.defineProperty(window, 'matchMedia', { configurable: true, value: () => ({ matches: false, addEventListener: () => {}, removeEventListener: () => {} }) });
  await router.push('/images');
  await router.isReady();

  return mount(App, { global: { plugins: [router, [store, storeKey]] } });
}

describe('App shell', () => {
  const progress = { current: 0, max: 0 };

  it('says on every page that containers and images are simulated when the mock stands in for a VM', async() => {
    const wrapper = await mountApp({ state: State.STARTED, progress, simulated: true });

    expect(wrapper.get('[data-test="simulated-backend"]').text()).toContain('simulated');
  });

  it('shows no such banner with a real backend', async() => {
    const wrapper = await mountApp({ state: State.STARTED, progress });

    expect(wrapper.find('[data-test="simulated-backend"]').exists()).toBe(false);
  });
});

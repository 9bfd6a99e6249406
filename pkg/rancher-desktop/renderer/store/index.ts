import type { InjectionKey } from 'vue';
import { createStore, type MutationTree, type Store, useStore as baseUseStore } from 'vuex';

import type { LockedSettings, PartialSettings, Settings } from '@pkg/config/settingsTypes';
import type { AboutInfo, BackendSnapshot, UiClient } from '@pkg/ipc/uiContract';

import { engineModule, type EngineState } from './engine';
import { portForwardingModule, type PortForwardingState } from './portForwarding';

export interface RootState {
  connected: boolean;
  about?: AboutInfo;
  /** Unknown until the core answered: nothing is shown as a state before that. */
  backend?: BackendSnapshot;
  settings?: Settings;
  locked: LockedSettings;
  /** The last failed action's message, shown in the page's alert area. */
  actionError?: string;
}

export interface FullState extends RootState {
  engine: EngineState;
  portForwarding: PortForwardingState;
}

export const storeKey: InjectionKey<Store<FullState>> = Symbol('rd-store');

export function useStore(): Store<FullState> {
  return baseUseStore(storeKey);
}

/** Whether the container engine answers (the engine pages need it). */
export function engineRunning(state: RootState): boolean {
  return state.backend?.state === 'STARTED' || state.backend?.state === 'DISABLED';
}

/** Each mutation records one thing the core said. */
const mutations: MutationTree<RootState> = {
  connected: (state, up: boolean) => {
    state.connected = up;
  },
  about: (state, about: AboutInfo) => {
    state.about = about;
  },
  backend: (state, backend: BackendSnapshot) => {
    state.backend = backend;
  },
  settings: (state, settings: Settings) => {
    state.settings = settings;
  },
  locked: (state, locked: LockedSettings) => {
    state.locked = locked;
  },
  actionError: (state, message?: string) => {
    state.actionError = message;
  },
};

/** The app's store: what the core said last, kept current by the contract's events. */
export function createRdStore(client: UiClient, connectionEvents?: (listener: (up: boolean) => void) => void): Store<FullState> {
  const store = createStore<RootState>({
    state: () => ({ connected: false, locked: {} }),
    mutations,
    actions: {
      async load({ commit }) {
        const [about, backend, settings, locked] = await Promise.all([
          client.request('app.about'), client.request('backend.status'), client.request('settings.get'), client.request('settings.locked'),
        ]);

        commit('about', about);
        commit('backend', backend);
        commit('settings', settings);
        commit('locked', locked);
        commit('connected', true);
      },
      /** One setting changed from a page (not Preferences): the validator's refusal is the page's alert. */
      async updateSettings({ commit }, partial: PartialSettings) {
        commit('actionError', undefined);
        try {
          const { errors } = await client.request('settings.update', partial);

          if (errors.length > 0) {
            commit('actionError', errors.join('\n'));
          }
        } catch (e) {
          commit('actionError', (e as Error).message);
        }
      },
      async setBackendState({ commit }, desired: 'STARTED' | 'STOPPED') {
        commit('actionError', undefined);
        await client.request('backend.setState', desired).catch((e: Error) => commit('actionError', e.message));
      },
    },
    modules: { engine: engineModule(client), portForwarding: portForwardingModule(client) },
  }) as unknown as Store<FullState>;

  client.on('backend.changed', (backend) => store.commit('backend', backend));
  client.on('settings.changed', (settings) => store.commit('settings', settings));
  client.on('portForwarding.changed', (services) => store.commit('portForwarding/services', services));
  connectionEvents?.((up) => {
    store.commit('connected', up);
    if (up) {
      // On every (re)connection: what changed while disconnected was missed.
      store.dispatch('load').catch((e: Error) => store.commit('actionError', e.message));
    }
  });

  return store;
}

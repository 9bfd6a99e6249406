import type { Module } from 'vuex';

import type { ContainerSummary, ImageSummary, VolumeSummary } from '@pkg/ipc/containerEngine';
import type { UiClient, UiRequestName } from '@pkg/ipc/uiContract';

import type { RootState } from './index';

export interface EngineState {
  containers: ContainerSummary[];
  images: ImageSummary[];
  volumes: VolumeSummary[];
  namespaces: string[];
  /** Which list is being read now, for the pages' busy indicators. */
  loading: Record<'containers' | 'images' | 'volumes', boolean>;
  /** The last failure of each list, shown on its page. */
  errors: Record<'containers' | 'images' | 'volumes', string | undefined>;
}

type ListName = 'containers' | 'images' | 'volumes';

/** Containers, images and volumes of the running engine, read on demand by their pages. */
export function engineModule(client: UiClient): Module<EngineState, RootState> {
  const read = async(commit: (type: string, payload: unknown) => void, list: ListName, fetch: () => Promise<unknown[]>) => {
    commit('loading', { list, value: true });
    try {
      commit('list', { list, items: await fetch() });
      commit('error', { list, value: undefined });
    } catch (e) {
      commit('error', { list, value: (e as Error).message });
    } finally {
      commit('loading', { list, value: false });
    }
  };

  return {
    namespaced: true,
    state: () => ({
      containers: [], images: [], volumes: [], namespaces: ['default'],
      loading: { containers: false, images: false, volumes: false },
      errors: { containers: undefined, images: undefined, volumes: undefined },
    }),
    mutations: {
      list: (state, { list, items }: { list: ListName; items: never[] }) => {
        state[list] = items;
      },
      loading: (state, { list, value }: { list: ListName; value: boolean }) => {
        state.loading[list] = value;
      },
      error: (state, { list, value }: { list: ListName; value?: string }) => {
        state.errors[list] = value;
      },
      namespaces: (state, namespaces: string[]) => {
        state.namespaces = namespaces;
      },
    },
    actions: {
      /** `all` false lists running containers only; the default follows containers.showAll. */
      fetchContainers({ commit, rootState }, showAll?: boolean) {
        const all = showAll ?? rootState.settings?.containers.showAll ?? true;

        return read(commit, 'containers', () => client.request('containers.list', { all, namespace: namespaceOf(rootState, 'containers') }));
      },
      async fetchImages({ commit, rootState }) {
        client.request('images.namespaces').then((ns) => commit('namespaces', ns), () => {});

        return read(commit, 'images', () => client.request('images.list', namespaceOf(rootState, 'images')));
      },
      fetchVolumes({ commit, rootState }) {
        return read(commit, 'volumes', () => client.request('volumes.list', namespaceOf(rootState, 'containers')));
      },
      /**
       * Runs one action on the engine, then re-reads the list it changed. A failure is the
       * page's alert (the engine's own message); resolves whether it worked.
       */
      async act({ dispatch, commit }, { request, args, refresh }: { request: UiRequestName; args: unknown[]; refresh: 'Containers' | 'Images' | 'Volumes' }) {
        commit('actionError', undefined, { root: true });
        try {
          await (client.request as (n: UiRequestName, ...a: unknown[]) => Promise<unknown>)(request, ...args);

          return true;
        } catch (e) {
          commit('actionError', (e as Error).message, { root: true });

          return false;
        } finally {
          await dispatch(`fetch${ refresh }`);
        }
      },
    },
  };
}

/** containerd lists per namespace; moby has only the default one. */
function namespaceOf(state: RootState, page: 'images' | 'containers'): string | undefined {
  return state.settings?.containerEngine.name === 'containerd' ? state.settings[page].namespace : undefined;
}

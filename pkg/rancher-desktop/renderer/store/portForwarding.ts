import type { Module } from 'vuex';

import type { ServiceEntry } from '@pkg/ipc/kubernetes';
import type { UiClient } from '@pkg/ipc/uiContract';

import type { RootState } from './index';

export interface PortForwardingState {
  /** Every Service port of the cluster, as the core said last (empty while Kubernetes is not running). */
  services: ServiceEntry[];
  loading: boolean;
  /** Why the last listing failed. */
  error?: string;
}

/** One Service port, as the page names it: `namespace/name:port`. */
export const serviceLabel = (s: ServiceEntry) => `${ s.namespace }/${ s.name }:${ s.port }`;

/** The cluster's own Services, shown only with portForwarding.includeKubernetesServices. */
export const isSystemService = (s: ServiceEntry) => s.namespace.startsWith('kube-') || (s.namespace === 'default' && s.name === 'kubernetes');

/** The Port Forwarding page's Services; forwards and cancels answer with the whole list again (portForwarding.changed). */
export function portForwardingModule(client: UiClient): Module<PortForwardingState, RootState> {
  return {
    namespaced: true,
    state: () => ({ services: [], loading: false, error: undefined }),
    mutations: {
      services: (state, services: ServiceEntry[]) => {
        state.services = services;
      },
      loading: (state, value: boolean) => {
        state.loading = value;
      },
      error: (state, message?: string) => {
        state.error = message;
      },
    },
    actions: {
      async fetch({ commit }) {
        commit('loading', true);
        try {
          commit('services', await client.request('portForwarding.list'));
          commit('error', undefined);
        } catch (e) {
          commit('error', (e as Error).message);
        } finally {
          commit('loading', false);
        }
      },
      /** Resolves whether it worked; a failure is the page's alert (the core's message). */
      async forward({ commit, dispatch }, { service, hostPort }: { service: ServiceEntry; hostPort: number }) {
        commit('actionError', undefined, { root: true });
        try {
          await client.request('portForwarding.forward', service.namespace, service.name, service.port, hostPort);

          return true;
        } catch (e) {
          commit('actionError', `Could not forward ${ serviceLabel(service) }: ${ (e as Error).message }`, { root: true });

          return false;
        } finally {
          await dispatch('fetch');
        }
      },
      async cancel({ commit, dispatch }, service: ServiceEntry) {
        commit('actionError', undefined, { root: true });
        try {
          await client.request('portForwarding.cancel', service.namespace, service.name, service.port);
        } catch (e) {
          commit('actionError', (e as Error).message, { root: true });
        } finally {
          await dispatch('fetch');
        }
      },
    },
  };
}

import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';

import General from './pages/General.vue';

/** The main window's pages in Rancher Desktop's order; hash history works from file:// (Electron) and http (headless). */
export const pages: (RouteRecordRaw & { path: string; meta: { title: string } })[] = [
  { path: '/general', component: General, meta: { title: 'General' } },
  { path: '/containers', component: () => import('./pages/Containers.vue'), meta: { title: 'Containers' } },
  { path: '/port-forwarding', component: () => import('./pages/PortForwarding.vue'), meta: { title: 'Port Forwarding' } },
  { path: '/images', component: () => import('./pages/Images.vue'), meta: { title: 'Images' } },
  { path: '/volumes', component: () => import('./pages/Volumes.vue'), meta: { title: 'Volumes' } },
  { path: '/snapshots', component: () => import('./pages/Snapshots.vue'), meta: { title: 'Snapshots' } },
  { path: '/troubleshooting', component: () => import('./pages/Troubleshooting.vue'), meta: { title: 'Troubleshooting' } },
  { path: '/diagnostics', component: () => import('./pages/Diagnostics.vue'), meta: { title: 'Diagnostics' } },
  { path: '/extensions', component: () => import('./pages/Extensions.vue'), meta: { title: 'Extensions' } },
];

export function createAppRouter() {
  return createRouter({
    history: createWebHashHistory(),
    routes: [
      { path: '/', redirect: '/general' },
      ...pages,
      { path: '/preferences/:tab?', component: () => import('./pages/Preferences.vue'), meta: { title: 'Preferences' } },
      { path: '/:rest(.*)', redirect: '/general' },
    ],
  });
}

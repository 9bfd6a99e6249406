import { isObject, type JsonObject } from './objectPaths';
import type { Platform } from './settingsTypes';

/** Settings kept in memory only and reset at each launch (rd-api.md §3.5). */
export interface TransientSettings {
  noModalDialogs: boolean;
  preferences: { navItem: { current: string; currentTabs: Record<string, string> } };
}

/** The tabs of each Preferences page; a page absent here has no tabs. */
function pageTabs(platform: Platform): Record<string, readonly string[]> {
  return {
    'Application': ['general', 'behavior', 'environment'],
    'Virtual Machine': platform === 'darwin' ? ['hardware', 'volumes', 'network', 'emulation'] : ['hardware', 'volumes'],
    'Container Engine': ['general', 'allowed-images'],
    'Kubernetes': [],
    ...(platform === 'win32' ? { WSL: ['integrations', 'network', 'proxy'] } : {}),
  };
}

/** A fresh copy of the transient defaults for a platform. */
export function defaultTransientSettings(platform: Platform): TransientSettings {
  return {
    noModalDialogs: false,
    preferences: {
      navItem: {
        current: 'Application',
        currentTabs: {
          'Application': 'general',
          'Virtual Machine': 'hardware',
          'Container Engine': 'general',
          ...(platform === 'win32' ? { WSL: 'integration' } : {}),
        },
      },
    },
  };
}

/** Validates a partial transient update; returns every error, or none. */
export function validateTransientSettings(proposed: unknown, platform: Platform): string[] {
  if (!isObject(proposed)) {
    return ['settings payload is not an object'];
  }
  const errors: string[] = [];
  const tabs = pageTabs(platform);

  for (const [key, value] of Object.entries(proposed)) {
    if (key === 'noModalDialogs') {
      if (typeof value !== 'boolean') {
        errors.push(`Invalid value for "noModalDialogs": <${ JSON.stringify(value) }>`);
      }
    } else if (key === 'preferences') {
      errors.push(...validateNav(value, tabs));
    }
  }

  return errors;
}

function validateNav(value: unknown, tabs: Record<string, readonly string[]>): string[] {
  if (!isObject(value)) {
    return [`Setting "preferences" should wrap an inner object, but got <${ JSON.stringify(value) }>.`];
  }
  const nav = value.navItem;

  if (nav === undefined) {
    return [];
  }
  if (!isObject(nav)) {
    return [`Setting "preferences.navItem" should wrap an inner object, but got <${ JSON.stringify(nav) }>.`];
  }
  const errors: string[] = [];

  if (nav.current !== undefined && !(typeof nav.current === 'string' && nav.current in tabs)) {
    errors.push(`Invalid value for "preferences.navItem.current": <${ JSON.stringify(nav.current) }>; must be one of ${ JSON.stringify(Object.keys(tabs)) }`);
  }
  if (nav.currentTabs !== undefined) {
    if (!isObject(nav.currentTabs)) {
      errors.push(`Setting "preferences.navItem.currentTabs" should wrap an inner object, but got <${ JSON.stringify(nav.currentTabs) }>.`);
    } else {
      for (const [page, tab] of Object.entries(nav.currentTabs as JsonObject)) {
        if (!(page in tabs)) {
          errors.push(`Invalid value for "preferences.navItem.currentTabs": <"${ page }">; must be one of ${ JSON.stringify(Object.keys(tabs)) }`);
        } else if (!tabs[page].includes(tab as string)) {
          errors.push(`Invalid value for "preferences.navItem.currentTabs.${ page }": <${ JSON.stringify(tab) }>; must be one of ${ JSON.stringify(tabs[page]) }`);
        }
      }
    }
  }

  return errors;
}

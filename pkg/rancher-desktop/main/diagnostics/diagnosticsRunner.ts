import type { Settings } from '@pkg/config/settingsTypes';

import { DIAGNOSTIC_CATEGORIES, type DiagnosticChecker } from './types';

/** One check's entry in the API answer (rd-api.md §1.3 diagnostic_checks). */
export interface CheckResult {
  id: string;
  category: string;
  documentation?: string;
  description: string;
  passed: boolean;
  mute: boolean;
  fixes: { description: string }[];
}

/** Runs the registered checks and keeps the last results, as RD's diagnostics manager does. */
export class DiagnosticsRunner {
  private results = new Map<string, CheckResult>();
  private lastUpdate = new Date(0);

  constructor(private readonly checkers: readonly DiagnosticChecker[], private readonly settings: () => Settings) {}

  categories(): string[] {
    return DIAGNOSTIC_CATEGORIES.filter((c) => this.checkers.some((k) => k.category === c));
  }

  /** The ids in a category, or undefined when the category is unknown. */
  ids(category: string): string[] | undefined {
    const ids = this.checkers.filter((k) => k.category === category).map((k) => k.id);

    return ids.length > 0 ? ids : undefined;
  }

  async runAll(): Promise<void> {
    const settings = this.settings();

    for (const checker of this.checkers.filter((k) => k.applicable(settings))) {
      const outcome = await checker.check(settings);

      this.results.set(checker.id, {
        id: checker.id,
        category: checker.category,
        documentation: checker.documentation,
        ...outcome,
        mute: settings.diagnostics.mutedChecks[checker.id] ?? false,
      });
    }
    this.lastUpdate = new Date();
  }

  /** The last results, filtered by category and id when given. */
  report(category?: string, id?: string): { last_update: string; checks: CheckResult[] } {
    const muted = this.settings().diagnostics.mutedChecks;
    const checks = [...this.results.values()]
      .filter((r) => (!category || r.category === category) && (!id || r.id === id))
      .map((r) => ({ ...r, mute: muted[r.id] ?? false }));

    return { last_update: this.lastUpdate.toISOString(), checks };
  }
}

import type { Settings } from '@pkg/config/settingsTypes';

/** RD's diagnostic categories, in its order. */
export const DIAGNOSTIC_CATEGORIES = ['Container Engine', 'Kubernetes', 'Networking', 'Utilities', 'Testing'] as const;
export type DiagnosticCategory = typeof DIAGNOSTIC_CATEGORIES[number];

/** What a check found. */
export interface CheckOutcome {
  passed: boolean;
  description: string;
  fixes: { description: string }[];
}

/** One diagnostic check (one file per check); `check` MUST NOT throw for an ordinary failure. */
export interface DiagnosticChecker {
  id: string;
  category: DiagnosticCategory;
  documentation?: string;
  applicable(settings: Settings): boolean;
  check(settings: Settings): Promise<CheckOutcome>;
}

import type { Snapshot } from 'xstate';
import type { StepName } from './flows.js';

/** What the wizard keeps in localStorage: the step, and each flow's persisted snapshot. */
export interface SavedWizard {
  step: StepName;
  /** The confirmed account's address (the MFA key's label). */
  account?: string;
  /** What each finished flow reported, for the summary. */
  results: Record<string, string>;
  snapshots: Partial<Record<Exclude<StepName, 'done'>, Snapshot<unknown>>>;
}

const KEY = 'saasus-flows.web-wizard';

/** The saved wizard, or a fresh one when nothing (readable) is saved. */
export function loadWizard(): SavedWizard {
  try {
    const raw = localStorage.getItem(KEY);
    if (raw !== null) return JSON.parse(raw) as SavedWizard;
  } catch {
    // A corrupt entry starts the wizard afresh.
  }
  return { step: 'signUp', results: {}, snapshots: {} };
}

/** Saves the wizard. The snapshots come from `persistFlow`: no code, password or token in them. */
export function saveWizard(saved: SavedWizard): void {
  localStorage.setItem(KEY, JSON.stringify(saved));
}

/** Forgets the wizard. */
export function clearWizard(): void {
  localStorage.removeItem(KEY);
}

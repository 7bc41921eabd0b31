/**
 * The "Incident trends" project page's resolver contract: keys, constants and types. Dependency
 * free, so static/trends-page imports it at run time without pulling zod or the domain into its
 * bundle; the payload schemas are in incident-trends.ts, and the domain's result type
 * (src/domain/trends/incident-trends.ts) is proven there to have this shape.
 */

export const TRENDS_RESOLVER_KEYS = {
  /** The trends of a period for the page's project, read as the viewing user. */
  load: 'trends.load',
  /** Creates (once) the Problem of a candidate and links its incidents with "Causes", as the user. */
  createProblem: 'trends.createProblem',
} as const;

/** The period choices the page offers besides a custom from..to. */
export const TRENDS_PRESET_DAYS = [30, 90, 365] as const;

// ---- Payloads (as the UI sends them) ------------------------------------------------------------

/** Both days included, YYYY-MM-DD in UTC. The project is the page's context, never the payload's. */
export interface LoadTrendsPayload {
  from: string;
  to: string;
}

export interface CreateProblemPayload {
  /** The period the candidate was shown for: the resolver recomputes the candidate, as the user. */
  from: string;
  to: string;
  category: string;
  subcategory: string;
}

// ---- Results ----------------------------------------------------------------------------------

/** Minutes; null when no incident in the group has that moment. */
export interface TrendsStatistic {
  median: number | null;
  p90: number | null;
}

export interface PriorityTrend {
  priority: string;
  count: number;
  timeToAcknowledgeMinutes: TrendsStatistic;
  timeToResolveMinutes: TrendsStatistic;
  slaMet: number;
  slaMissed: number;
}

export interface CategoryTrend {
  category: string | null;
  subcategory: string | null;
  count: number;
}

export interface PeriodTrend {
  /** The week's Monday or the month's first day, YYYY-MM-DD (UTC). */
  start: string;
  count: number;
  /** Counts per priority name, in byPriority's order; priorities with 0 are left out. */
  byPriority: { priority: string; count: number }[];
  /** Of the incidents created in this week or month, all priorities together. */
  timeToAcknowledgeMinutes: TrendsStatistic;
  timeToResolveMinutes: TrendsStatistic;
  /** Counts per category / subcategory, in byCategory's order; ones with 0 are left out. */
  byCategory: CategoryTrend[];
}

/** Incidents created in the period and not resolved at `now`, by how long they have been open. */
export interface OpenAgeBucket {
  /** e.g. "< 1 day", "1-7 days", "7-30 days", "> 30 days". */
  label: string;
  /** Lower bound in days, included. */
  minDays: number;
  /** Upper bound in days, excluded; null for the last bucket. */
  maxDays: number | null;
  count: number;
  incidentKeys: string[];
}

export interface ProblemCandidate {
  category: string;
  subcategory: string;
  incidentKeys: string[];
}

export interface IncidentTrends {
  from: string;
  to: string;
  incidents: number;
  /** How byPeriod is bucketed: ISO weeks, or calendar months for periods over 180 days. */
  bucket: 'week' | 'month';
  byPriority: PriorityTrend[];
  byCategory: CategoryTrend[];
  byPeriod: PeriodTrend[];
  openByAge: OpenAgeBucket[];
  /** Incidents created in the period that moved from a done status back to a not-done one. */
  reopened: { count: number; incidentKeys: string[] };
  problemCandidates: ProblemCandidate[];
}

export interface TrendsView {
  projectKey: string;
  trends: IncidentTrends;
  /** The admin's threshold for problem candidates (default 3). */
  minIncidents: number;
  /** ISO-8601 moment the SLA clocks and ages were read at. */
  computedAt: string;
  /** Site base URL for links to issues, e.g. "https://example.atlassian.net"; null when unknown. */
  siteUrl: string | null;
  /** Whether the viewer may create issues in the project (the button shows a reason otherwise). */
  canCreateProblem: boolean;
}

export interface CreateProblemResult {
  problem: { key: string; url: string };
  /** False when the Problem already existed (a retry, a double click, or another user first). */
  created: boolean;
  /** Incidents linked to the Problem by this call ("Causes"); already linked ones are left out. */
  linkedIncidentKeys: string[];
}

// ---- Admin settings (the admin page's "Incident trends" section) --------------------------------

export const TRENDS_SETTINGS_RESOLVER_KEYS = {
  /** The stored settings (admins only). */
  get: 'trends.settings.get',
  /** Saves the settings (admins only); answers what was stored. */
  save: 'trends.settings.save',
} as const;

/** Problem candidates need at least this many incidents of a category / subcategory unless the admin sets another number. */
export const DEFAULT_TRENDS_MIN_INCIDENTS = 3;

export interface TrendsSettings {
  /** A category / subcategory with at least this many incidents in the period and no linked Problem is a candidate (1..1000). */
  minIncidents: number;
}

export interface SaveTrendsSettingsPayload {
  settings: TrendsSettings;
}

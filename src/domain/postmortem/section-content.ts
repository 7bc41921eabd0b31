import type { Milestone } from '../incident/incident-metrics';
import type { PostmortemMetrics } from './metrics';
import type { PostmortemSource, StatusCategoryKey } from './postmortem-source';
import type { TimelineEntry, TimelineFolding } from './timeline';

/**
 * Section content as neutral blocks: sections decide what to say, `postmortem-adf.ts` decides how
 * it looks in Confluence. Every string here is plain text; the renderer emits it as ADF text nodes.
 */
export type Tone = 'neutral' | 'blue' | 'green' | 'yellow' | 'red' | 'purple';

export type InlinePart =
  | { kind: 'text'; text: string; strong?: boolean }
  | { kind: 'link'; text: string; href: string }
  | { kind: 'status'; text: string; tone: Tone }
  /** A calendar date (Confluence shows it in the reader's locale) followed by nothing else. */
  | { kind: 'date'; at: string };

export type SectionBlock =
  | { kind: 'paragraph'; content: InlinePart[] }
  /** A short question for the author where Jira holds no data. Never filled with invented text. */
  | { kind: 'prompt'; text: string }
  | { kind: 'facts'; rows: { label: string; value: InlinePart[] }[] }
  | { kind: 'table'; header: string[]; rows: InlinePart[][][] }
  | { kind: 'list'; items: InlinePart[][] }
  | { kind: 'subheading'; text: string };

export const SECTION_IDS = [
  'key-moments',
  'metrics',
  'summary',
  'leadup',
  'fault',
  'impact',
  'detection',
  'response',
  'communication',
  'recovery',
  'timeline',
  'five-whys',
  'root-cause',
  'root-cause-analysis',
  'corrective-actions',
  'lessons-learned',
] as const;
export type SectionId = (typeof SECTION_IDS)[number];

export interface PostmortemSection {
  id: SectionId;
  title: string;
  /** 2 for a top-level section, 3 for a part of the section before it. */
  level: 2 | 3;
  /** Authors write here; a refresh keeps what they wrote instead of regenerating it. */
  authorOwned: boolean;
  blocks: SectionBlock[];
}

export interface ActionItem {
  key: string;
  summary: string | null;
  status: string | null;
  statusCategoryKey: StatusCategoryKey | null;
  owner: string | null;
  /** Jira's due date, `YYYY-MM-DD`. */
  dueDate: string | null;
  /** Past its due date at generation time (in the site's zone) and not done. */
  overdue: boolean;
  relation: string;
  url: string;
}

export interface ProblemReference {
  key: string;
  summary: string | null;
  status: string | null;
  url: string;
}

/** What every section builder may read: the source plus the facts derived once from it. */
export interface SectionInput {
  source: PostmortemSource;
  metrics: PostmortemMetrics;
  /** The key moments (incident-metrics.ts), in time order. */
  milestones: Milestone[];
  timeline: TimelineEntry[];
  /** What the curated timeline folded or left out (absent: nothing counted). */
  timelineFolding?: TimelineFolding;
  problem: ProblemReference | null;
  actionItems: ActionItem[];
  issueUrl: (key: string) => string;
}

export function text(value: string, strong = false): InlinePart {
  return strong ? { kind: 'text', text: value, strong } : { kind: 'text', text: value };
}

export function toneOfCategory(categoryKey: StatusCategoryKey | null): Tone {
  if (categoryKey === 'done') return 'green';
  if (categoryKey === 'indeterminate') return 'blue';
  return 'neutral';
}

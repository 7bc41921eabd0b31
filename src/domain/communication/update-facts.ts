import type { Audience, UpdateState } from './stakeholder-update';

/** A posted update as the timeline and the postmortem read it (from the update-marker issue property). */
export interface StakeholderUpdateFact {
  id: string;
  state: UpdateState;
  audience: Audience;
  /** ISO-8601 instant the update was posted. */
  at: string;
  /** The Jira comment that carries it, so the timeline can tell it from ordinary comments. */
  commentId: string | null;
}

import type { JiraIssue } from '../../adapters/jira/jira-schemas';
import type { AppStorage } from '../../adapters/storage/app-storage';
import type { Incident } from '../../domain/incident/incident';
import type { PostmortemSource } from '../../domain/postmortem/postmortem-source';
import { PrioritySettingsStore, type LoadedPrioritySettings } from '../priority/priority-settings-store';
import { loadCommunicationSettings } from './communication-settings-store';
import { levelOf } from './post-stakeholder-update';
import { UPDATES_PROPERTY, parseUpdatesProperty } from './update-records';

/** The issue property the postmortem's issue read asks for, so updates come with the issue (no extra call). */
export const POSTMORTEM_ISSUE_PROPERTIES = [UPDATES_PROPERTY];

/**
 * The postmortem's communication facts: the updates listed in the issue's update-marker property
 * (read with the issue, as the reader) and the cadence target of the incident's priority.
 * Nothing when no update was posted, so the postmortem then has no Communication section.
 */
export async function postmortemCommunication(
  storage: AppStorage,
  issue: JiraIssue,
  incident: Incident,
  /** The priority settings when the caller has read them already (one storage read, not two). */
  prioritySettingsRead?: Promise<LoadedPrioritySettings>,
): Promise<Pick<PostmortemSource, 'communication'>> {
  const updates = parseUpdatesProperty(issue.properties?.[UPDATES_PROPERTY])?.updates ?? [];
  if (updates.length === 0) return {};
  const [settings, { settings: prioritySettings }] = await Promise.all([
    loadCommunicationSettings(storage),
    prioritySettingsRead ?? new PrioritySettingsStore(storage).load(),
  ]);
  const level = levelOf(incident, prioritySettings);
  return {
    communication: {
      updates: updates.map(({ id, state, audience, at, commentId }) => ({ id, state, audience, at, commentId })),
      cadenceTargetMinutes: level === null ? null : settings.cadence[level],
    },
  };
}

import { z } from 'zod';
import { WorkflowRuleSettings } from '../domain/workflow-rules/rule-settings';

/**
 * The zod schemas of the validator settings section's payloads. Keys and the view type are in the
 * dependency-free validator-settings-types.ts (the UI imports that one) and re-exported here for src/.
 */
export * from './validator-settings-types';

export const GetValidatorSettingsPayload = z.object({}).passthrough().optional();
export const SaveValidatorSettingsPayload = z.object({ settings: WorkflowRuleSettings });
export type SaveValidatorSettingsPayload = z.infer<typeof SaveValidatorSettingsPayload>;
export const ResetValidatorSettingsPayload = GetValidatorSettingsPayload;

import { z } from 'zod';
import { INCIDENT_CATEGORIES } from '../incident/incident-fields';
import type { AlertGroup } from './alert-group';

/**
 * How an alert source's alerts fill an incident's fields: severity → impact and urgency, and
 * labels → incident category. Admin-edited per source (admin page, "Alert sources").
 */

const Level = z.string().trim().min(1).max(50);
export const SeverityLevels = z.object({ impact: Level, urgency: Level });
export type SeverityLevels = z.infer<typeof SeverityLevels>;

/** When `label` equals `value` (case-insensitive), the incident gets this category / subcategory. */
export const CategoryRule = z
  .object({
    label: z.string().trim().min(1).max(100),
    value: z.string().trim().min(1).max(200),
    category: z.string().trim().min(1),
    subcategory: z.string().trim().min(1).optional(),
  })
  .refine((rule) => INCIDENT_CATEGORIES[rule.category] !== undefined, {
    message: `expected one of the incident categories (${Object.keys(INCIDENT_CATEGORIES).join(', ')})`,
    path: ['category'],
  })
  .refine((rule) => rule.subcategory === undefined || (INCIDENT_CATEGORIES[rule.category] ?? []).includes(rule.subcategory), {
    message: 'expected a subcategory of the category',
    path: ['subcategory'],
  });
export type CategoryRule = z.infer<typeof CategoryRule>;

export const AlertMapping = z.object({
  /** Lower-case severity → levels. `default` applies to alerts with no or an unknown severity. */
  severities: z.record(z.string().trim().toLowerCase().min(1).max(50), SeverityLevels),
  categories: z.array(CategoryRule).max(50),
});
export type AlertMapping = z.infer<typeof AlertMapping>;

export const DEFAULT_ALERT_MAPPING: AlertMapping = {
  severities: {
    critical: { impact: 'High', urgency: 'High' },
    warning: { impact: 'Medium', urgency: 'Medium' },
    info: { impact: 'Low', urgency: 'Low' },
  },
  categories: [],
};

/** Impact and urgency for the group's severity; null when the mapping has no entry (fields left for triage). */
export function levelsForSeverity(mapping: AlertMapping, severity: string | null): SeverityLevels | null {
  if (severity !== null && mapping.severities[severity]) return mapping.severities[severity]!;
  return mapping.severities.default ?? null;
}

/** The first rule whose label matches; null when none does. */
export function categoryForLabels(mapping: AlertMapping, labels: AlertGroup['labels']): { category: string; subcategory?: string } | null {
  for (const rule of mapping.categories) {
    const value = labels[rule.label];
    if (value !== undefined && value.toLowerCase() === rule.value.toLowerCase()) {
      return rule.subcategory === undefined ? { category: rule.category } : { category: rule.category, subcategory: rule.subcategory };
    }
  }
  return null;
}

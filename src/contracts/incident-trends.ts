import { z } from 'zod';
import { IsoDate, type IncidentTrends as DomainIncidentTrends } from '../domain/trends/incident-trends';
import type * as Types from './incident-trends-types';
import type { Assert, SameShape } from './same-shape';

/**
 * The zod schemas of the "Incident trends" page's resolver payloads. Keys, constants and result
 * types are in the dependency-free incident-trends-types.ts (the UI imports that one) and
 * re-exported here for src/.
 */
export * from './incident-trends-types';

/** from..to, both days included; `to` on or after `from`. */
const Period = z.object({ from: IsoDate, to: IsoDate });
const toNotBeforeFrom = { message: 'expected a day on or after from', path: ['to'] };

export const LoadTrendsPayload = Period.refine((period) => period.from <= period.to, toNotBeforeFrom);
export type LoadTrendsPayload = z.infer<typeof LoadTrendsPayload>;

export const CreateProblemPayload = Period.extend({
  category: z
    .string({ error: 'expected the category of a problem candidate' })
    .trim()
    .min(1, 'expected the category of a problem candidate'),
  subcategory: z
    .string({ error: 'expected the subcategory of a problem candidate' })
    .trim()
    .min(1, 'expected the subcategory of a problem candidate'),
}).refine((period) => period.from <= period.to, toNotBeforeFrom);
export type CreateProblemPayload = z.infer<typeof CreateProblemPayload>;

/** The admin's trends settings, as stored and as the admin page sends them. */
export const TrendsSettingsSchema = z.object({
  minIncidents: z
    .number({ error: 'expected a whole number of incidents' })
    .int('expected a whole number of incidents')
    .min(1, 'expected at least 1 incident')
    .max(1000, 'expected at most 1000 incidents'),
});

export const GetTrendsSettingsPayload = z.object({}).optional();
/** The settings are checked by their stored schema, so its errors name `settings.minIncidents`. */
export const SaveTrendsSettingsPayload = z.object({ settings: TrendsSettingsSchema });
export type SaveTrendsSettingsPayload = z.infer<typeof SaveTrendsSettingsPayload>;

type _SchemasMatchTypes = [
  Assert<SameShape<z.input<typeof SaveTrendsSettingsPayload>, Types.SaveTrendsSettingsPayload>>,
  Assert<SameShape<z.output<typeof TrendsSettingsSchema>, Types.TrendsSettings>>,
  Assert<SameShape<z.input<typeof LoadTrendsPayload>, Types.LoadTrendsPayload>>,
  Assert<SameShape<z.input<typeof CreateProblemPayload>, Types.CreateProblemPayload>>,
  // The domain computes exactly what the page is sent: the resolver passes it through untouched.
  Assert<SameShape<DomainIncidentTrends, Types.IncidentTrends>>,
];

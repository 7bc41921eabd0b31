import { z } from 'zod';

/**
 * Response shapes of the Confluence Cloud REST API v2, from the official OpenAPI document
 * (/work/shared/specs/confluence-v2.openapi.json, components.schemas.<Name>). Only what the app reads.
 */

/** components.schemas.Version */
export const ConfluenceVersion = z.object({ number: z.number().int(), message: z.string().optional(), createdAt: z.string().optional() });

/** components.schemas.BodyType */
const BodyType = z.object({ representation: z.string().optional(), value: z.string() });

/** components.schemas.PageSingle / PageBulk */
export const ConfluencePage = z.object({
  id: z.string(),
  status: z.string().optional(),
  title: z.string(),
  spaceId: z.string(),
  parentId: z.string().nullish(),
  version: ConfluenceVersion.optional(),
  body: z.object({ atlas_doc_format: BodyType.optional(), storage: BodyType.optional() }).partial().optional(),
  _links: z.object({ webui: z.string().optional(), base: z.string().optional() }).partial().optional(),
});
export type ConfluencePage = z.infer<typeof ConfluencePage>;

/** components.schemas.ChildPage */
export const ConfluenceChildPage = z.object({
  id: z.string(),
  title: z.string(),
  status: z.string().optional(),
  spaceId: z.string().optional(),
});
export type ConfluenceChildPage = z.infer<typeof ConfluenceChildPage>;

/** components.schemas.SpaceBulk */
export const ConfluenceSpace = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  type: z.string().optional(),
  homepageId: z.string().nullish(),
});
export type ConfluenceSpace = z.infer<typeof ConfluenceSpace>;

/** components.schemas.ContentProperty */
export const ConfluenceContentProperty = z.object({
  id: z.string(),
  key: z.string(),
  value: z.unknown(),
  version: ConfluenceVersion.optional(),
});
export type ConfluenceContentProperty = z.infer<typeof ConfluenceContentProperty>;

/** MultiEntityResult<T>: cursor pagination through `_links.next` (a relative URL carrying `cursor`). */
export function confluenceMultiEntityResult<T extends z.ZodType>(item: T) {
  return z.object({ results: z.array(item), _links: z.object({ next: z.string().optional(), base: z.string().optional() }).optional() });
}

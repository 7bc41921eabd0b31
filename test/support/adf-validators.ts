import { validator } from '@atlaskit/adf-utils/validator';
import { defaultSchema } from '@atlaskit/adf-schema/schema-default';
import Ajv from 'ajv-draft-04';
import fullSchema from '@atlaskit/adf-schema/json-schema/v1/full.json';

/**
 * Three independent opinions on whether a document is valid ADF (see ORACLES.md §6):
 * Atlassian's validator (throws when called without an error callback; with a callback it would
 * drop bad nodes and still say valid), the published JSON schema (draft-04), and the editor's
 * ProseMirror schema, which is the strictest (e.g. it rejects empty text nodes).
 */
// Atlaskit's validator asks @atlaskit/platform-feature-flags for flags when it is built (below).
// Outside Jira, Confluence or Bitbucket no product resolver is registered, and the feature-gate
// client logs an error for each question before answering false. Registering the product hook
// with every flag off gives the same answers without the noise.
(globalThis as { __PLATFORM_FEATURE_FLAGS__?: { booleanResolver?: (flag: string) => boolean } }).__PLATFORM_FEATURE_FLAGS__ = {
  booleanResolver: () => false,
};
const validateWithAtlaskit = validator();
const ajv = new Ajv({ strict: false });
const validateWithJsonSchema = ajv.compile(fullSchema);

export function adfProblems(adf: unknown): string[] {
  const problems: string[] = [];
  // The validator reads and may normalise its input: give it a copy so the other checks see the original.
  const copy: unknown = JSON.parse(JSON.stringify(adf));
  try {
    validateWithAtlaskit(copy as Parameters<typeof validateWithAtlaskit>[0]);
  } catch (error) {
    problems.push(`adf-utils validator: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!validateWithJsonSchema(adf)) {
    const first = (validateWithJsonSchema.errors ?? []).slice(0, 3).map((e) => `${e.instancePath} ${e.message}`);
    problems.push(`json-schema: ${first.join('; ')}`);
  }
  try {
    defaultSchema.nodeFromJSON(adf).check();
  } catch (error) {
    problems.push(`prosemirror schema: ${error instanceof Error ? error.message : String(error)}`);
  }
  return problems;
}

export function expectValidAdf(adf: unknown): void {
  const problems = adfProblems(adf);
  if (problems.length > 0) throw new Error(`Invalid ADF:\n${problems.join('\n')}`);
}

import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { VALIDATOR_MODULES } from '../../../src/domain/workflow-rules/validator-modules';

const Manifest = z.object({
  modules: z.object({
    'jira:workflowValidator': z.array(z.object({ key: z.string(), function: z.string().optional(), expression: z.string().optional() })),
    function: z.array(z.object({ key: z.string(), handler: z.string() })),
  }),
});

/** The validator catalog (failure modes, docs) must describe the modules manifest.yml declares. */
describe('validator modules and manifest.yml', () => {
  const manifest = Manifest.parse(parse(fs.readFileSync(path.resolve(__dirname, '../../../manifest.yml'), 'utf8')));
  const validators = manifest.modules['jira:workflowValidator'];

  it.each(VALIDATOR_MODULES.map((module) => [module.moduleKey, module] as const))(
    '%s is a function validator wired to its handler',
    (_key, module) => {
      const declared = validators.find((validator) => validator.key === module.moduleKey);
      expect(declared).toMatchObject({ function: module.functionKey });
      expect(declared?.expression).toBeUndefined();
      expect(manifest.modules.function.find((fn) => fn.key === module.functionKey)?.handler).toBe(`index.${module.handlerExport}`);
    },
  );

  it('has a handler export for every catalog entry', async () => {
    const handlers: Record<string, unknown> = await import('../../../src/entry/validators');
    for (const module of VALIDATOR_MODULES) expect(typeof handlers[module.handlerExport]).toBe('function');
  });
});

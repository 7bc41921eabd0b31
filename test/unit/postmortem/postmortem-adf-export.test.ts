import { issueKeyFromExportPayload } from '../../../src/entry/macro/postmortem-adf-export';

describe('issueKeyFromExportPayload', () => {
  it('finds the saved macro config wherever the export payload carries it', () => {
    expect(issueKeyFromExportPayload({ extensionPayload: { config: { issueKey: 'INC-4' } } })).toBe('INC-4');
    expect(issueKeyFromExportPayload({ config: { issueKey: 'INC-5' } })).toBe('INC-5');
    expect(issueKeyFromExportPayload({ context: { extension: { config: { issueKey: 'INC-6' } } } })).toBe('INC-6');
  });

  it('rejects missing or malformed keys instead of passing them to Jira', () => {
    for (const payload of [
      undefined,
      null,
      'INC-1',
      {},
      { config: {} },
      { config: { issueKey: '../../admin' } },
      { extensionPayload: { config: { issueKey: 42 } } },
    ]) {
      expect(issueKeyFromExportPayload(payload)).toBeNull();
    }
  });
});

import { screenCommentText } from '../../../src/usecases/workflow/validate-transition';

const adf = (text: string) => ({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });

/** The shape of `modifiedFields.comment` is not documented, so every plausible one is read. */
describe('text of a comment written on the transition screen', () => {
  it.each<[string, unknown, string]>([
    ['absent', undefined, ''],
    ['null', null, ''],
    ['plain text', '  Vendor needed now ', 'Vendor needed now'],
    ['an ADF document', adf('Vendor needed now'), 'Vendor needed now'],
    ['a comment object with an ADF body', { body: adf('Vendor needed now') }, 'Vendor needed now'],
    ['a list of comments', [{ body: adf('first') }, 'second', { body: adf(' ') }], 'first\nsecond'],
    ['an empty ADF document', { type: 'doc', version: 1, content: [] }, ''],
  ])('%s', (_name, value, expected) => {
    expect(screenCommentText(value)).toBe(expected);
  });
});

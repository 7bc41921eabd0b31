import { documentStatusOnPage, withAppStatusLozenge } from '../../../src/domain/postmortem/document-status-on-page';
import { renderPostmortemAdf } from '../../../src/domain/postmortem/postmortem-adf';
import { buildPostmortem } from '../../../src/domain/postmortem/postmortem-model';
import { fingerprintOf } from '../../../src/domain/postmortem/refresh-merge';
import { aPostmortemSource } from './postmortem-factories';

/** The page as an author left it after changing the header's status lozenge text in the editor. */
function withLozengeText(adf: unknown, text: string): unknown {
  return JSON.parse(JSON.stringify(adf).replace(/("type":"status","attrs":\{"text":")Draft(")/, `$1${text}$2`));
}

describe('the document status on the page', () => {
  const page = renderPostmortemAdf(buildPostmortem(aPostmortemSource()));

  it('reads the lozenge in the header row "Document status", in any case', () => {
    expect(documentStatusOnPage(page)).toBe('Draft');
    expect(documentStatusOnPage(withLozengeText(page, 'IN REVIEW'))).toBe('In review');
    expect(documentStatusOnPage(withLozengeText(page, 'published'))).toBe('Published');
  });

  it('ignores a lozenge with another text, a page without the row, and anything that is not a page', () => {
    expect(documentStatusOnPage(withLozengeText(page, 'Done'))).toBeNull();
    expect(documentStatusOnPage({ type: 'doc', version: 1, content: [] })).toBeNull();
    expect(documentStatusOnPage(null)).toBeNull();
    // A "Document status" row pasted under a section heading is not the header's.
    const pasted = { type: 'doc', version: 1, content: [page.content.find((node) => node.type === 'heading')!, page.content[0]!] };
    expect(documentStatusOnPage(pasted)).toBeNull();
  });

  it("writes the app's colour for the status, so a header that only changed its status matches the regenerated one", () => {
    const edited = withLozengeText(page, 'In review');
    const regenerated = renderPostmortemAdf(buildPostmortem(aPostmortemSource({ documentStatus: 'In review' })));
    const header = (adf: unknown) => ({ heading: null, body: [(adf as typeof page).content[0]!] });
    expect(fingerprintOf(header(edited))).not.toBe(fingerprintOf(header(regenerated)));
    expect(fingerprintOf(header(withAppStatusLozenge(edited, 'In review')))).toBe(fingerprintOf(header(regenerated)));
    expect(documentStatusOnPage(edited)).toBe('In review');
  });
});

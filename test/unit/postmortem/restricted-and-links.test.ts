import { buildPostmortem } from '../../../src/domain/postmortem/postmortem-model';
import { isShareableComment } from '../../../src/usecases/postmortem/load-postmortem-source';
import { pageRefOf, wikiBaseOf } from '../../../src/usecases/postmortem/postmortem-page-record';
import { aComment, aPostmortemSource } from './postmortem-factories';

const SITE = 'https://acme.atlassian.net';

function timelineText(restrictedCommentsOmitted: number | undefined): string {
  const model = buildPostmortem(
    aPostmortemSource({
      comments: [aComment('1', '2026-11-20T10:00:00.000Z', 'Open comment')],
      ...(restrictedCommentsOmitted === undefined ? {} : { restrictedCommentsOmitted }),
    }),
  );
  return JSON.stringify(model.sections.find((section) => section.id === 'timeline')!.blocks);
}

describe('restricted comments on the page', () => {
  it('says how many were left out, and nothing when none were', () => {
    expect(timelineText(undefined)).not.toContain('restricted');
    expect(timelineText(0)).not.toContain('restricted');
    expect(timelineText(1)).toContain('1 restricted comment was left out');
    expect(timelineText(4)).toContain('4 restricted comments were left out');
  });

  const comment = { id: '1', created: '2026-11-20T10:00:00.000+0000' };
  it.each([
    ['a group restriction', { visibility: { type: 'group', value: 'secret-team' } }, false],
    ['a group restriction by id only', { visibility: { type: 'group', identifier: 'a1b2' } }, false],
    ['a role restriction', { visibility: { type: 'role', value: 'Developers' } }, false],
    ['a service-desk internal comment', { jsdPublic: false }, false],
    [
      'the internal property alone (expand=properties)',
      { jsdPublic: true, properties: [{ key: 'sd.public.comment', value: { internal: true } }] },
      false,
    ],
    ['a public service-desk comment', { jsdPublic: true, properties: [{ key: 'sd.public.comment', value: { internal: false } }] }, true],
    ['a plain comment', {}, true],
    ['an explicit null visibility', { visibility: null }, true],
  ])('%s is shareable: %s', (_name, extra, shareable) => {
    expect(isShareableComment({ ...comment, ...extra })).toBe(shareable);
  });
});

describe('page addresses', () => {
  const page = { id: '3000001', title: 'Postmortem INC-6' };
  it('joins Confluence `_links.base` and `webui`', () => {
    expect(
      pageRefOf(
        { ...page, _links: { base: 'https://other.example/wiki', webui: '/spaces/ENG/pages/3000001/Postmortem+INC-6' } },
        wikiBaseOf(SITE),
      ).url,
    ).toBe('https://other.example/wiki/spaces/ENG/pages/3000001/Postmortem+INC-6');
  });
  it('uses the site URL + /wiki when the page came from a list without its own base, or the base is not absolute', () => {
    expect(pageRefOf({ ...page, _links: { webui: '/spaces/ENG/pages/3000001' } }, wikiBaseOf(`${SITE}/`)).url).toBe(
      `${SITE}/wiki/spaces/ENG/pages/3000001`,
    );
    expect(pageRefOf({ ...page, _links: { base: '/wiki', webui: '/spaces/ENG/pages/3000001' } }, wikiBaseOf(SITE)).url).toBe(
      `${SITE}/wiki/spaces/ENG/pages/3000001`,
    );
  });
  it('falls back to the page-id view under the wiki base, once', () => {
    expect(pageRefOf(page, wikiBaseOf(SITE)).url).toBe(`${SITE}/wiki/pages/viewpage.action?pageId=3000001`);
  });
});

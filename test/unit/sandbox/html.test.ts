import { escapeHtml, html, raw, scriptJson } from '../../../sandbox/html';
import { injectBridge } from '../../../sandbox/module-host';
import { adfFromPlainText, renderAdf } from '../../../sandbox/adf-html';

describe('page HTML', () => {
  it('escapes every interpolated Jira text, leaving trusted markup alone', () => {
    const summary = `<img src=x onerror="alert('x')">&`;
    expect(html`<td>${summary}</td>${raw('<b>ok</b>')}`.value).toBe(
      '<td>&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;</td><b>ok</b>',
    );
    expect(escapeHtml(null)).toBe('');
  });

  it('keeps </script> inside inline JSON from closing the script', () => {
    expect(scriptJson({ text: '</script><script>alert(1)</script>' }).value).not.toContain('</script>');
  });

  it('puts the bridge script first in <head>, before any bundle script', () => {
    const page = injectBridge(
      '<!doctype html><html><head lang="en"><script src="./index.js"></script></head><body></body></html>',
      'frame-1',
    );
    const bridgeAt = page.indexOf('data-forge-bridge-host');
    expect(bridgeAt).toBeGreaterThan(page.indexOf('<head'));
    expect(bridgeAt).toBeLessThan(page.indexOf('./index.js'));
    expect(page).toContain('"frame-1"');
  });
});

describe('ADF rendering with Atlassian’s serializer', () => {
  it('renders text escaped and marks as elements', () => {
    const rendered = renderAdf({
      type: 'doc',
      version: 1,
      content: [{ type: 'paragraph', content: [{ type: 'text', text: '<b>bold?</b>', marks: [{ type: 'strong' }] }] }],
    });
    expect(rendered.html.value).toBe('<p><strong>&lt;b&gt;bold?&lt;/b&gt;</strong></p>');
  });

  it('replaces Forge macro nodes with the slot the host provides and reports their config', () => {
    const doc = {
      type: 'doc',
      version: 1,
      content: [
        {
          type: 'extension',
          attrs: {
            extensionType: 'com.atlassian.ecosystem',
            extensionKey: 'app/env/static/incident-postmortem',
            parameters: { localId: 'm1', guestParams: { issueKey: 'INC-1' } },
            layout: 'default',
            localId: 'm1',
          },
        },
      ],
    };
    const rendered = renderAdf(doc, (placement) => `<iframe data-local-id="${placement.localId}"></iframe>`);
    expect(rendered.macros).toEqual([{ localId: 'm1', extensionKey: 'app/env/static/incident-postmortem', config: { issueKey: 'INC-1' } }]);
    expect(rendered.html.value).toContain('<iframe data-local-id="m1"></iframe>');
  });

  it('says so when a document is not valid ADF instead of rendering part of it', () => {
    expect(renderAdf({ type: 'doc', version: 1, content: [{ type: 'no-such-node' }] }).html.value).toContain('not valid ADF');
  });

  it('builds one paragraph per non-empty line', () => {
    expect(adfFromPlainText('a\n\nb')).toEqual({
      type: 'doc',
      version: 1,
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'a' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'b' }] },
      ],
    });
  });
});

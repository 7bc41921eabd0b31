import { browserPlan, openBrowserSite } from '../../browser/support/local-site-browser';

describe('when the browser walks run', () => {
  it('runs them with the Chromium found', () => {
    expect(browserPlan({}, () => '/usr/bin/chromium')).toEqual({ run: true, chromium: '/usr/bin/chromium' });
  });

  it('replaces them by one explanatory test locally when no Chromium is installed', () => {
    expect(browserPlan({}, () => null)).toEqual({ run: false, reason: expect.stringContaining('no Chromium') });
  });

  it('runs them under CI=true even without Chromium, so that they fail there', async () => {
    const plan = browserPlan({ CI: 'true' }, () => null);
    expect(plan).toEqual({ run: true, chromium: null });
    await expect(openBrowserSite(null)).rejects.toThrow('CI=true and no Chromium found');
  });
});

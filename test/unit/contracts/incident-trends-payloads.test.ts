import { CreateProblemPayload, LoadTrendsPayload } from '../../../src/contracts/incident-trends';

function firstProblem(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): string {
  const issue = result.error?.issues[0];
  return issue ? `${issue.path.join('.')}: ${issue.message}` : 'ok';
}

describe('incident trends payloads', () => {
  it('accept a period of real days, to on or after from', () => {
    expect(LoadTrendsPayload.parse({ from: '2026-11-01', to: '2026-11-30' })).toEqual({ from: '2026-11-01', to: '2026-11-30' });
    expect(LoadTrendsPayload.parse({ from: '2026-11-01', to: '2026-11-01' })).toEqual({ from: '2026-11-01', to: '2026-11-01' });
  });

  it('name the field and what was expected', () => {
    expect(firstProblem(LoadTrendsPayload.safeParse({ from: '01/11/2026', to: '2026-11-30' }))).toBe('from: expected a date YYYY-MM-DD');
    expect(firstProblem(LoadTrendsPayload.safeParse({ from: '2026-11-01', to: '2026-02-30' }))).toBe('to: expected a real calendar date');
    expect(firstProblem(LoadTrendsPayload.safeParse({ from: '2026-11-10', to: '2026-11-01' }))).toBe('to: expected a day on or after from');
    expect(
      firstProblem(CreateProblemPayload.safeParse({ from: '2026-11-01', to: '2026-11-30', category: ' ', subcategory: 'Error' })),
    ).toBe('category: expected the category of a problem candidate');
    expect(firstProblem(CreateProblemPayload.safeParse({ from: '2026-11-01', to: '2026-11-30', category: 'Application' }))).toBe(
      'subcategory: expected the subcategory of a problem candidate',
    );
  });
});

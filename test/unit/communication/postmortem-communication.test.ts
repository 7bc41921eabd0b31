import { buildPostmortem } from '../../../src/domain/postmortem/postmortem-model';
import { renderPostmortemAdf } from '../../../src/domain/postmortem/postmortem-adf';
import { communicationFacts } from '../../../src/domain/postmortem/sections/communication';
import { buildTimeline } from '../../../src/domain/postmortem/timeline';
import type { StakeholderUpdateFact } from '../../../src/domain/communication/update-facts';
import { adfProblems } from '../../support/adf-validators';
import { aComment, anIncident, aPostmortemSource } from '../postmortem/postmortem-factories';

const START = '2026-11-30T09:00:00.000Z';
const at = (minutes: number) => new Date(Date.parse(START) + minutes * 60_000).toISOString();
const update = (
  id: string,
  minutes: number,
  audience: StakeholderUpdateFact['audience'],
  commentId: string | null = null,
): StakeholderUpdateFact => ({ id, state: 'Investigating', audience, at: at(minutes), commentId });

describe('communication in the postmortem', () => {
  it('counts updates, the first external update’s delay after impact started and the longest gap against the target', () => {
    const facts = communicationFacts([update('a', 10, 'internal'), update('b', 25, 'both'), update('c', 95, 'external')], START, 30);
    expect(facts).toEqual({
      updates: 3,
      externalUpdates: 2,
      firstExternalDelayMinutes: 25,
      longestGapMinutes: 70,
      cadenceTargetMinutes: 30,
    });
    expect(communicationFacts([update('a', 40, 'internal')], START, 30)).toMatchObject({
      firstExternalDelayMinutes: null,
      longestGapMinutes: 40,
    });
    expect(communicationFacts([], START, 30)).toMatchObject({ updates: 0, longestGapMinutes: null });
  });

  it('shows update comments as their own timeline kind, other comments stay comments', () => {
    const source = aPostmortemSource({
      incident: anIncident({ impactStartedAt: START }),
      comments: [
        aComment('c1', at(10), 'Stakeholder update: Investigating (internal) Checkout is failing.'),
        aComment('c2', at(12), 'Looking at the logs'),
      ],
      communication: { updates: [update('u1', 10, 'internal', 'c1')], cadenceTargetMinutes: 30 },
    });
    const timeline = buildTimeline(source);
    expect(timeline.filter((entry) => entry.kind === 'update').map((entry) => entry.text)).toEqual([
      'Stakeholder update (Investigating, internal): Checkout is failing.',
    ]);
    expect(timeline.filter((entry) => entry.kind === 'comment').map((entry) => entry.text)).toEqual(['Commented: Looking at the logs']);
  });

  it('adds a Communication section only when updates were posted, rendered as valid ADF', () => {
    const without = buildPostmortem(aPostmortemSource({ incident: anIncident({ impactStartedAt: START }) }));
    expect(without.sections.map((section) => section.id)).not.toContain('communication');
    const model = buildPostmortem(
      aPostmortemSource({
        incident: anIncident({ impactStartedAt: START }),
        communication: { updates: [update('u1', 10, 'internal'), update('u2', 80, 'both')], cadenceTargetMinutes: 30 },
      }),
    );
    const section = model.sections.find((candidate) => candidate.id === 'communication');
    expect(JSON.stringify(section)).toContain('2 (1 to customers)');
    expect(JSON.stringify(section)).toContain('1 h 20 min after impact started');
    expect(JSON.stringify(section)).toContain('1 h 10 min (target 30 min: 40 min over)');
    expect(adfProblems(renderPostmortemAdf(model))).toEqual([]);
  });
});

import type { StakeholderUpdateFact } from '../../communication/update-facts';
import { epochMillis, formatMinutes } from '../time';
import { type InlinePart, type PostmortemSection, type SectionInput, text } from '../section-content';

export interface CommunicationFacts {
  updates: number;
  externalUpdates: number;
  /** Minutes from impact start (else the report) to the first external update; null without one. */
  firstExternalDelayMinutes: number | null;
  /** The longest time stakeholders waited: impact start to the first update, or between two updates. */
  longestGapMinutes: number | null;
  cadenceTargetMinutes: number | null;
}

const minutesBetween = (from: number, to: number) => Math.max(0, Math.round((to - from) / 60_000));

export function communicationFacts(
  updates: readonly StakeholderUpdateFact[],
  startedAt: string,
  cadenceTargetMinutes: number | null,
): CommunicationFacts {
  const start = epochMillis(startedAt) ?? 0;
  const times = updates
    .map((update) => epochMillis(update.at))
    .filter((millis): millis is number => millis !== null)
    .sort((a, b) => a - b);
  const firstExternal = updates
    .filter((update) => update.audience !== 'internal')
    .map((update) => epochMillis(update.at))
    .filter((millis): millis is number => millis !== null)
    .sort((a, b) => a - b)[0];
  const gaps = times.map((millis, index) => minutesBetween(index === 0 ? start : (times[index - 1] ?? start), millis));
  return {
    updates: updates.length,
    externalUpdates: updates.filter((update) => update.audience !== 'internal').length,
    firstExternalDelayMinutes: firstExternal === undefined ? null : minutesBetween(start, firstExternal),
    longestGapMinutes: gaps.length === 0 ? null : Math.max(...gaps),
    cadenceTargetMinutes,
  };
}

/** Stakeholder communication: how often people heard, how soon customers did, and the longest silence against the cadence. */
export function communicationSection({ source }: SectionInput): PostmortemSection {
  const updates = source.communication?.updates ?? [];
  const facts = communicationFacts(
    updates,
    source.incident.impactStartedAt ?? source.incident.reportedAt,
    source.communication?.cadenceTargetMinutes ?? null,
  );
  const rows: { label: string; value: InlinePart[] }[] = [
    { label: 'Stakeholder updates', value: [text(`${facts.updates} (${facts.externalUpdates} to customers)`)] },
    {
      label: 'First external update',
      value: [
        text(
          facts.firstExternalDelayMinutes === null
            ? 'None posted'
            : `${formatMinutes(facts.firstExternalDelayMinutes)} after impact started`,
        ),
      ],
    },
  ];
  if (facts.longestGapMinutes !== null) {
    const target = facts.cadenceTargetMinutes;
    const verdict =
      target === null
        ? ' (no cadence target)'
        : facts.longestGapMinutes > target
          ? ` (target ${formatMinutes(target)}: ${formatMinutes(facts.longestGapMinutes - target)} over)`
          : ` (within the ${formatMinutes(target)} target)`;
    rows.push({ label: 'Longest gap between updates', value: [text(`${formatMinutes(facts.longestGapMinutes)}${verdict}`)] });
  }
  return { id: 'communication', title: 'Communication', level: 2, authorOwned: false, blocks: [{ kind: 'facts', rows }] };
}

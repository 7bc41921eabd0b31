import { useEffect, useState } from 'react';
import { Badge } from '../../shared/badge';
import { Inline } from '@atlaskit/primitives/compiled/inline';
import { Text } from '@atlaskit/primitives/compiled/text';
import type { SlaView } from '../../../src/contracts/priority-panel-types';

/** "2 h 5 min", "45 min", "3 d 4 h": the same units the backend's SLA text uses. */
export function durationText(totalMinutes: number): string {
  const minutes = Math.abs(Math.trunc(totalMinutes));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return rest > 0 ? `${hours} h ${rest} min` : `${hours} h`;
  return `${rest} min`;
}

/**
 * A running SLA clock keeps counting while the panel stays open: the backend answers with `dueAt`,
 * and the minutes left are recounted from the browser's clock every 30 seconds. A stopped clock
 * (service restored, resolved, or in a done status) is final: it shows the backend's met / missed
 * text and never recounts, so a closed incident does not drift into "breached".
 */
export function SlaClock({ sla, now = () => Date.now() }: { sla: SlaView; now?: () => number }) {
  const [tick, setTick] = useState(0);
  const running = sla.state === 'running' && sla.dueAt !== null;
  useEffect(() => {
    if (!running) return undefined;
    const timer = window.setInterval(() => setTick((n) => n + 1), 30_000);
    return () => window.clearInterval(timer);
  }, [running, sla.dueAt]);

  if (sla.state === 'met' || sla.state === 'missed') {
    const met = sla.state === 'met';
    return (
      <Inline space="space.100" alignBlock="center" testId="sla-clock">
        <Badge appearance={met ? 'success' : 'removed'}>{met ? 'SLA met' : 'SLA missed'}</Badge>
        <Text>{sla.text}</Text>
        {sla.stoppedAt ? (
          <Text color="color.text.subtlest" size="small">
            {`stopped ${new Date(sla.stoppedAt).toLocaleString()}`}
          </Text>
        ) : null}
      </Inline>
    );
  }
  if (!running || !sla.dueAt) {
    return (
      <Text color="color.text.subtle" testId="sla-clock">
        {sla.text}
      </Text>
    );
  }
  void tick;
  const minutesLeft = Math.floor((Date.parse(sla.dueAt) - now()) / 60_000);
  const overdue = minutesLeft < 0;
  return (
    <Inline space="space.100" alignBlock="center" testId="sla-clock">
      <Badge appearance={overdue ? 'removed' : minutesLeft < 60 ? 'moved' : 'inprogress'}>{overdue ? 'SLA breached' : 'SLA running'}</Badge>
      <Text>{overdue ? `Overdue by ${durationText(minutesLeft)}` : `${durationText(minutesLeft)} left`}</Text>
      <Text color="color.text.subtlest" size="small">
        {`due ${new Date(sla.dueAt).toLocaleString()}`}
      </Text>
    </Inline>
  );
}

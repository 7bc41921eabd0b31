import { notifierOver, statusPageOver, type StatuspageClientLike } from '../../../src/usecases/communicate/delivery-adapters';
import { DeliveryFailure } from '../../../src/usecases/communicate/delivery-ports';
import { failureReason } from '../../../src/usecases/communicate/post-stakeholder-update';

class KindError extends Error {
  constructor(readonly kind: 'UNAUTHORIZED' | 'NOT_FOUND' | 'INVALID' | 'RATE_LIMITED' | 'UNAVAILABLE') {
    super(`statuspage said ${kind}`);
  }
}

/** Records the writes it gets, like the Statuspage client's create/update; `fail` makes the next call throw. */
function aClient(fail?: KindError | Error): StatuspageClientLike & { writes: unknown[] } {
  const writes: unknown[] = [];
  const call = async (write: unknown) => {
    if (fail) throw fail;
    writes.push(write);
    return { id: 'inc1' };
  };
  return {
    writes,
    findOpenIncidentFor: async () => (fail ? Promise.reject(fail) : null),
    createIncident: call,
    updateIncident: (_id, write) => call(write),
  };
}

const kindOf = (error: unknown) => (error instanceof KindError ? error.kind : null);
const update = {
  issueKey: 'INC-1',
  name: 'x'.repeat(300),
  status: 'investigating' as const,
  body: 'Looking',
  components: { cmp1: 'major_outage' as const },
};

describe('production delivery adapters', () => {
  it('hands the Statuspage client the write it documents: name cut to 255, the Jira key as the marker', async () => {
    const client = aClient();
    const publisher = statusPageOver(async () => client, kindOf);
    expect(await publisher.findOpenIncidentFor('page1', 'INC-1')).toBeUndefined();
    await publisher.createIncident('page1', update);
    expect(client.writes).toEqual([
      { name: 'x'.repeat(255), status: 'investigating', body: 'Looking', components: { cmp1: 'major_outage' }, jiraIssueKey: 'INC-1' },
    ]);
  });

  it.each([
    ['UNAUTHORIZED', 'API key was refused (401)'],
    ['NOT_FOUND', 'page does not exist (404)'],
    ['RATE_LIMITED', 'Retry in a minute'],
    ['UNAVAILABLE', 'Retry in a few minutes'],
    ['INVALID', 'refused as invalid'],
  ] as const)('turns a Statuspage %s into a delivery failure whose reason says what to fix', async (kind, words) => {
    const publisher = statusPageOver(async () => aClient(new KindError(kind)), kindOf);
    const error = await publisher.updateIncident('page1', 'inc1', update).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DeliveryFailure);
    expect(failureReason('statuspage', error)).toContain(words);
  });

  it('lets other errors through unchanged, and sends notifications through notifyIssue', async () => {
    const odd = new Error('socket hang up');
    await expect(statusPageOver(async () => aClient(odd), kindOf).createIncident('page1', update)).rejects.toBe(odd);
    const sent: unknown[] = [];
    await notifierOver({ notifyIssue: async (key, notification) => void sent.push([key, notification]) }).notify('INC-1', {
      subject: 's',
      textBody: 't',
      to: { watchers: true },
    });
    expect(sent).toEqual([['INC-1', { subject: 's', textBody: 't', to: { watchers: true } }]]);
  });
});

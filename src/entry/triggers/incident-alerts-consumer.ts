import { InvocationError, InvocationErrorCode } from '@forge/events';
import { z } from 'zod';
import { isProductApiError } from '../../adapters/http/product-api-error';
import { JiraClient } from '../../adapters/jira/jira-client';
import { AppStorage } from '../../adapters/storage/app-storage';
import { AlertIncidentJob, createAlertIncident, type ReceiveAlertDeps } from '../../usecases/alerts/receive-alert';

/**
 * The `incident-alerts-consumer` module: Forge (@forge/events 2+) calls the function with an
 * `AsyncEvent` (`{ body, queueName, jobId, eventId, retryContext? }`) pushed by the web trigger.
 * Returning an `InvocationError` asks Forge to deliver the event again later (it retries a few times).
 */
const AlertIncidentEvent = z
  .object({ body: AlertIncidentJob, retryContext: z.object({ retryCount: z.number() }).loose().optional() })
  .loose();

/**
 * When Forge delivers a failed event again; the claim was released, so the sender's next delivery may also queue it (one incident either
 * way).
 */
const RETRY_AFTER_SECONDS = 60;

export async function handleAlertIncidentEvent(event: unknown, deps: ReceiveAlertDeps): Promise<InvocationError | undefined> {
  const parsed = AlertIncidentEvent.safeParse(event);
  if (!parsed.success) {
    // A malformed event never becomes valid: retrying it would only repeat the failure.
    console.error(`incident-alerts consumer: the event could not be read: ${z.prettifyError(parsed.error)}`);
    return undefined;
  }
  try {
    await createAlertIncident(deps, parsed.data.body);
    return undefined;
  } catch (error) {
    console.error(`incident-alerts consumer: the incident for ${parsed.data.body.sourceId} could not be created`, error);
    const busy = isProductApiError(error, 'rateLimited') || isProductApiError(error, 'unavailable');
    return new InvocationError({
      retryAfter: RETRY_AFTER_SECONDS,
      retryReason: busy ? InvocationErrorCode.FUNCTION_UPSTREAM_RATE_LIMITED : InvocationErrorCode.FUNCTION_RETRY_REQUEST,
    });
  }
}

/** The handler named in manifest.yml: the app acts as itself. */
export const incidentAlertsConsumer = (event: unknown): Promise<InvocationError | undefined> =>
  handleAlertIncidentEvent(event, { storage: new AppStorage(), jira: JiraClient.asApp(), now: () => new Date().toISOString() });

import { AppStorage } from '../src/adapters/storage/app-storage';
import { AlertSourceStore, newAlertSource } from '../src/usecases/alerts/alert-source-store';

/**
 * The demo site's alert source. Its token is public (README, "Alerts in"): a demo token for the
 * offline site only; a real source's token is generated on the admin page and shown once.
 */
export const DEMO_ALERT_SOURCE_ID = 'demo-monitoring';
export const DEMO_ALERT_TOKEN = 'demo-alert-token';

/** Adds the demo source (if missing) and sets its token; must run inside the installed Forge runtime. */
export async function ensureDemoAlertSource(projectKey: string, now: Date): Promise<void> {
  const store = new AlertSourceStore(new AppStorage());
  if (!(await store.find(DEMO_ALERT_SOURCE_ID))) {
    await store.save({
      ...newAlertSource({ id: DEMO_ALERT_SOURCE_ID, name: 'Demo monitoring', projectKey, now: now.toISOString() }),
      tokenSetAt: now.toISOString(),
    });
  }
  await store.setToken(DEMO_ALERT_SOURCE_ID, DEMO_ALERT_TOKEN);
}

/**
 * The handlers named in manifest.yml (`handler: index.<name>`), and nothing else.
 * test/manifest/manifest-handlers.test.ts checks both directions.
 */

// Custom UI resolvers (one per module).
export { adminPageResolver } from './entry/resolvers/admin-page-resolver';
export { incidentPanelResolver } from './entry/resolvers/incident-panel-resolver';
export { trendsPageResolver } from './entry/resolvers/trends-page-resolver';

// Confluence postmortem macro: its resolver (view and config panel) and its page-export ADF.
export { postmortemAdfExport } from './entry/macro/postmortem-adf-export';
export { postmortemMacroResolver } from './entry/resolvers/postmortem-macro-resolver';

// Workflow validators (function validators).
export { closureValidator, escalationReadyValidator, resolutionReadyValidator, triageCompleteValidator } from './entry/validators';

// Scheduled: stakeholder-update cadence reminders (and the status page's resolved incidents).
export { cadenceReminderTrigger } from './entry/triggers/cadence-reminder-trigger';

// Product and lifecycle triggers.
export { appInstalledTrigger } from './entry/triggers/app-installed-trigger';
export { issueEventTrigger } from './entry/triggers/issue-event-trigger';
export { rankingMaintenanceTrigger } from './entry/triggers/ranking-maintenance-trigger';

// Web triggers.
export { incidentAlertsWebTrigger } from './entry/triggers/incident-alerts-webtrigger';
export { incidentAlertsConsumer } from './entry/triggers/incident-alerts-consumer';

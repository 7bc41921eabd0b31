/**
 * The handlers named in manifest.yml (`handler: index.<name>`), and nothing else.
 * test/manifest/manifest-handlers.test.ts checks both directions.
 */

// Custom UI resolvers (one per module).
export { adminPageResolver } from './entry/resolvers/admin-page-resolver';
export { priorityPanelResolver } from './entry/resolvers/priority-panel-resolver';

// Confluence postmortem macro: its resolver (view and config panel) and its page-export ADF.
export { postmortemAdfExport } from './entry/macro/postmortem-adf-export';
export { postmortemMacroResolver } from './entry/resolvers/postmortem-macro-resolver';

// Workflow validators (function validators).
export { closureValidator, escalationReadyValidator, resolutionReadyValidator, triageCompleteValidator } from './entry/validators';

// Product and lifecycle triggers.
export { appInstalledTrigger } from './entry/triggers/app-installed-trigger';
export { issueEventTrigger } from './entry/triggers/issue-event-trigger';
export { rankingMaintenanceTrigger } from './entry/triggers/ranking-maintenance-trigger';

// Web triggers.
export { incidentAlertsWebTrigger } from './entry/triggers/incident-alerts-webtrigger';

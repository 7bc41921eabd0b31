/** Public entry of the local Jira + Confluence + app-storage site. */
export { createLocalSite, ACTOR_HEADER, APP_ACTOR_HEADER } from './local-site';
export type { LocalSite, LocalSiteOptions, JiraHelpers, RequestLogEntry } from './local-site';
export { installForgeRuntime, LOCAL_APP_ID, LOCAL_CLOUD_ID, LOCAL_ENVIRONMENT_ID } from './forge-runtime';
export type { ForgeRuntime, InvocationContext, ResolverDefinitions } from './forge-runtime';
export { SeedError, loadSeed, JIRA_PERMISSION_KEYS } from './seed';
export type { SeedData, SeedUser, JiraPermissionKey } from './seed';
export { ContractChecker, SpecsMissingError, describeViolation, resolveSpecsDir } from './contract/spec-checker';
export { contractCounts } from './contract/contract-counts';
export type { ContractViolation } from './contract/spec-checker';
export { takeViolations } from './contract/violation-registry';
export type { FaultRule, FaultKind } from './faults';
export { APP_ACCOUNT_ID, DEFAULT_ADMIN_ACCOUNT_ID } from './jira/jira-state';
export type { IssueEvent, IssueRecord, TransitionValidator } from './jira/jira-state';
export { entitiesFromManifest } from './kvs/kvs-store';
export type { EntityDefinition } from './kvs/kvs-store';
export type { SiteRequest, SiteResponse, Actor } from './site-http';

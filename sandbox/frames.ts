import { html, type SafeHtml } from './html';
import { resourceDir, resourceKeyOf, uiModulesOfType, type AppManifest, type UiModule } from './app-manifest';
import { resourceUrl, type FrameRegistry } from './module-host';
import type { FrameRenderer, IssueFrameTarget, MacroFrameTarget, ProjectFrameTarget } from './pages/page-context';

import { LOCAL_ENVIRONMENT_ID } from '../local-site/forge-runtime';

/**
 * The sandbox and feature policy Forge puts on every Custom UI iframe
 * (developer.atlassian.com/platform/forge/custom-ui/iframe): downloads started by a user gesture
 * work, pop-ups and top navigation do not, so a frame opens pages through the bridge's router.
 */
const CUSTOM_UI_SANDBOX = 'allow-downloads allow-forms allow-modals allow-pointer-lock allow-same-origin allow-scripts';
const CUSTOM_UI_FEATURE_POLICY = 'camera; clipboard-write; display-capture; fullscreen; microphone';

function titleOf(module: UiModule): string {
  return typeof module.title === 'string' ? module.title : module.key;
}

function appUuid(manifest: AppManifest): string {
  return manifest.appId.replace(/^ari:cloud:ecosystem::app\//, '');
}

/**
 * Where the local site shows a project page. Jira's own address is
 * /jira/<product>/projects/<KEY>/apps/<app id>/<environment id>; the module key stands in for the
 * ids here, so an app with several project pages gets one address each.
 */
export function projectPagePath(projectKey: string, moduleKey: string): string {
  return `/jira/projects/${encodeURIComponent(projectKey)}/apps/${encodeURIComponent(moduleKey)}`;
}

export function macroExtensionKey(manifest: AppManifest, moduleKey: string): string {
  return `${appUuid(manifest)}/${LOCAL_ENVIRONMENT_ID}/static/${moduleKey}`;
}

/** Jira's issue panel display conditions, the part the local site evaluates: `issueType` by name. */
function passesDisplayConditions(module: UiModule, issue: IssueFrameTarget): boolean {
  const conditions = module.displayConditions;
  if (typeof conditions !== 'object' || conditions === null) return true;
  const issueType = Object.entries(conditions).find(([name]) => name === 'issueType')?.[1];
  if (issueType === undefined) return true;
  const wanted = Array.isArray(issueType) ? issueType.map(String) : [String(issueType)];
  return wanted.includes(issue.issueTypeName) || wanted.includes(issue.issueTypeId);
}

/**
 * Puts the manifest's Custom UI modules on the local site's pages: one frame per module and
 * place, with the context Jira or Confluence would give it.
 */
export function createFrameRenderer(manifest: AppManifest, registry: FrameRegistry, accountId: string): FrameRenderer {
  /**
   * `height` is only the frame's height until its content reports its own: Forge sizes Custom UI
   * frames to their content (the bridge script reports it, host-script.ts applies it).
   */
  const frame = (
    module: UiModule,
    role: 'view' | 'config',
    localId: string,
    extension: Record<string, unknown>,
    attributes: SafeHtml,
    height: number,
  ) => {
    const resourceKey = resourceKeyOf(module, role);
    if (resourceKey === null) return html`<div class="banner error">Module ${module.key} has no ${role} resource</div>`;
    const hosted = registry.create({
      moduleKey: module.key,
      moduleType: module.type,
      role,
      resourceKey,
      resourceDir: resourceDir(manifest, resourceKey),
      accountId,
      localId,
      extension,
      resolverFunction: module.resolver?.function ?? null,
    });
    return html`<iframe class="forge-frame" title="${titleOf(module)}" src="${resourceUrl(hosted)}" sandbox="${CUSTOM_UI_SANDBOX}" allow="${CUSTOM_UI_FEATURE_POLICY}" data-frame-id="${hosted.id}" data-module-key="${module.key}" data-role="${role}" style="height:${height}px" ${attributes}></iframe>`;
  };

  return {
    issuePanels(issue) {
      return html`${uiModulesOfType(manifest, 'jira:issuePanel')
        .filter((module) => passesDisplayConditions(module, issue))
        .map(
          (module) =>
            html`<section class="card" data-testid="issue-panel" data-module-key="${module.key}"><h2>${titleOf(module)}</h2>${frame(
              module,
              'view',
              `${module.key}-${issue.issueId}`,
              {
                type: 'jira:issuePanel',
                issue: { id: issue.issueId, key: issue.issueKey, type: issue.issueTypeName, typeId: issue.issueTypeId },
                project: { id: issue.projectId, key: issue.projectKey, type: issue.projectType },
                isNewToIssue: false,
              },
              html``,
              520,
            )}</section>`,
        )}`;
    },
    adminPages() {
      return html`${uiModulesOfType(manifest, 'jira:adminPage').map((module) => frame(module, 'view', module.key, { type: 'jira:adminPage' }, html`data-refresh="page"`, 900))}`;
    },
    projectPage(moduleKey: string, project: ProjectFrameTarget) {
      const module = uiModulesOfType(manifest, 'jira:projectPage').find((candidate) => candidate.key === moduleKey);
      if (!module) return null;
      // The context Jira gives a project page: the project it was opened in (Forge's jira:projectPage extension context).
      const extension = {
        type: 'jira:projectPage',
        project: { id: project.projectId, key: project.projectKey, type: project.projectType },
      };
      return html`<section data-testid="project-page" data-module-key="${module.key}">${frame(module, 'view', `${module.key}-${project.projectId}`, extension, html``, 900)}</section>`;
    },
    projectPageLinks(projectKey: string) {
      return uiModulesOfType(manifest, 'jira:projectPage').map((module) => ({
        moduleKey: module.key,
        title: titleOf(module),
        href: projectPagePath(projectKey, module.key),
      }));
    },
    macroView(target: MacroFrameTarget) {
      const module = uiModulesOfType(manifest, 'macro').find(
        (candidate) => macroExtensionKey(manifest, candidate.key) === target.extensionKey,
      );
      if (!module) return html`<div class="banner error">Unknown macro ${target.extensionKey}</div>`.value;
      const extension = macroExtension(target, false);
      return html`<div class="macro-frame" data-testid="macro" data-local-id="${target.localId}"><div class="macro-bar"><span>${titleOf(module)}</span>${module.config ? html`<a href="?configure=${encodeURIComponent(target.localId)}" data-testid="edit-macro">Edit</a>` : ''}</div>${frame(module, 'view', target.localId, extension, html``, 360)}</div>`
        .value;
    },
    macroConfig(target: MacroFrameTarget) {
      const module = uiModulesOfType(manifest, 'macro').find(
        (candidate) => macroExtensionKey(manifest, candidate.key) === target.extensionKey,
      );
      if (!module) return html``;
      return html`<div class="modal-backdrop" data-closable data-testid="macro-config"><div class="modal"><h2>${typeof module.config === 'object' && module.config !== null && typeof module.config.title === 'string' ? module.config.title : `Configure ${titleOf(module)}`}</h2>${frame(
        module,
        'config',
        target.localId,
        macroExtension(target, true),
        html`data-on-submit="macro-config" data-page-id="${target.pageId}" data-local-id="${target.localId}"`,
        420,
      )}<p><a class="button" href="?">Close</a></p></div></div>`;
    },
    macros() {
      return uiModulesOfType(manifest, 'macro').map((module) => ({
        moduleKey: module.key,
        title: titleOf(module),
        extensionKey: macroExtensionKey(manifest, module.key),
        extensionId: `ari:cloud:ecosystem::extension/${macroExtensionKey(manifest, module.key)}`,
        hasConfig: resourceKeyOf(module, 'config') !== null,
      }));
    },
  };
}

function macroExtension(target: MacroFrameTarget, isConfiguring: boolean): Record<string, unknown> {
  return {
    type: 'macro',
    content: { id: target.pageId, type: 'page' },
    space: { id: target.spaceId, key: target.spaceKey },
    isEditing: isConfiguring,
    config: target.config,
    macro: { isConfiguring, isInserting: false },
    location: `/wiki/pages/${target.pageId}`,
  };
}

import type { SafeHtml } from '../html';
import type { SiteClient } from '../site-client';
import type { SiteUser } from './layout';

/** The issue an issue-panel frame sits on. */
export interface IssueFrameTarget {
  issueId: string;
  issueKey: string;
  issueTypeId: string;
  issueTypeName: string;
  projectId: string;
  projectKey: string;
  projectType: string;
}

/** The Confluence page a macro sits on. */
export interface MacroFrameTarget {
  pageId: string;
  spaceId: string;
  spaceKey: string;
  localId: string;
  extensionKey: string;
  config: Record<string, unknown>;
}

/** The project a project-page frame belongs to. */
export interface ProjectFrameTarget {
  projectId: string;
  projectKey: string;
  projectType: string;
}

/** A `jira:projectPage` module as a link in a project's sidebar. */
export interface ProjectPageLink {
  moduleKey: string;
  title: string;
  href: string;
}

/** Renders the app's Custom UI modules as frames, as the manifest declares them. */
export interface FrameRenderer {
  issuePanels(issue: IssueFrameTarget): SafeHtml;
  adminPages(): SafeHtml;
  /** The manifest's `jira:projectPage` module `moduleKey` for a project; null when there is no such module. */
  projectPage(moduleKey: string, project: ProjectFrameTarget): SafeHtml | null;
  /** The manifest's project pages, as the project sidebar lists them. */
  projectPageLinks(projectKey: string): ProjectPageLink[];
  macroView(target: MacroFrameTarget): string;
  macroConfig(target: MacroFrameTarget): SafeHtml;
  /** The manifest's macros, offered by the page editor's insert menu. */
  macros(): { moduleKey: string; title: string; extensionKey: string; extensionId: string; hasConfig: boolean }[];
}

export interface PageContext {
  client: SiteClient;
  user: SiteUser;
  users: readonly SiteUser[];
  frames: FrameRenderer;
  page(title: string, content: SafeHtml, options?: { hostScript?: boolean }): SafeHtml;
  /** Runs the app's own code inside a Forge invocation as this page's user (its `asUser()` calls act as them). */
  asUser<T>(fn: () => Promise<T>): Promise<T>;
}

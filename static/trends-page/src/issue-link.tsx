import { useState, type ReactNode } from 'react';
import Button from '@atlaskit/button/new';
import { token } from '@atlaskit/tokens';
import { router } from '@forge/bridge';

/** A link to a page of the site, opened through the bridge's router (a Forge frame cannot navigate the product page). */
export function SiteLink({ href, testId, children }: { href: string; testId?: string; children: ReactNode }) {
  return (
    <a
      href={href}
      target="_blank"
      rel="noreferrer noopener"
      data-testid={testId}
      style={{ color: token('color.link', '#1868DB') }}
      onClick={(event) => {
        event.preventDefault();
        void router.open(href);
      }}
    >
      {children}
    </a>
  );
}

/** A link to an issue on the site; its text is the key as React text (Jira text is never HTML). */
export function IssueLink({ issueKey, siteUrl }: { issueKey: string; siteUrl: string | null }) {
  if (siteUrl === null) return <span>{issueKey}</span>;
  return <SiteLink href={`${siteUrl.replace(/\/+$/, '')}/browse/${encodeURIComponent(issueKey)}`}>{issueKey}</SiteLink>;
}

/** Keys shown before "Show all": a candidate over a year of a large project can hold hundreds. */
const SHOWN_KEYS = 30;

export function IssueKeyList({ keys, siteUrl, label }: { keys: readonly string[]; siteUrl: string | null; label: string }) {
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? keys : keys.slice(0, SHOWN_KEYS);
  return (
    <div>
      <ul aria-label={label} style={{ display: 'flex', flexWrap: 'wrap', gap: '4px 12px', listStyle: 'none', margin: 0, padding: 0 }}>
        {shown.map((key) => (
          <li key={key}>
            <IssueLink issueKey={key} siteUrl={siteUrl} />
          </li>
        ))}
      </ul>
      {keys.length > shown.length ? (
        <Button appearance="subtle" spacing="compact" onClick={() => setShowAll(true)}>
          {`Show all ${keys.length}`}
        </Button>
      ) : null}
    </div>
  );
}

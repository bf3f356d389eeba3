/**
 * The extension's public API: what `activate()` returns, i.e. what
 * `vscode.extensions.getExtension('iam-least-privilege.iam-least-privilege').exports` is.
 *
 * It exists so that code running in the same extension host (the in-process test suite, another
 * extension) can read what the product's views show without scraping the workbench. It is a read
 * view of the real tree data provider (`getChildren` + `getTreeItem` of the AssumeRole Events view),
 * not a second implementation: an item here is exactly the TreeItem VS Code renders, reduced to plain
 * data.
 *
 * Stability: fields are only ever added; a breaking change bumps `version`. Nothing here carries
 * credentials (no keys, tokens, profiles' secrets, nor the raw CloudTrail records): items hold what
 * the view displays, and an event item's `eventId` is enough to run the view's commands on it, e.g.
 * `vscode.commands.executeCommand('iamLeastPrivilege.events.openEvent', item.eventId)`.
 */

/**
 * What the view is showing. These are the view's states as version 1 published them; the context key
 * `iamLeastPrivilege.events.state` spells the two failure states as the AWS layer's error kinds
 * (`no-credentials`, `access-denied`), and eventsView.ts translates them here so this API stays as it was.
 */
export type AssumeRoleEventsState = 'idle' | 'loading' | 'loaded' | 'empty' | 'noCredentials' | 'accessDenied' | 'error';

/** One row of the AssumeRole Events tree, as rendered. */
export interface AssumeRoleEventsItem {
  /** The TreeItem id: `day:2026-03-02`, `role:<role ARN>`, `event:<eventID>`, `loadMore`, `notice:<region>`. */
  readonly id: string;
  readonly kind: 'group' | 'event' | 'loadMore' | 'notice';
  readonly label: string;
  readonly description?: string;
  /** The codicon of the row: `calendar`/`shield` (groups by day/role), `pass`, `error` (failed call), `warning` (no ExternalId, or a notice), `more`. */
  readonly icon?: string;
  /** The `viewItem` menus test: `assumeRoleEvent`, `assumeRoleEvent.failed`, `assumeRoleEventGroup`, `assumeRoleEventsLoadMore`. */
  readonly contextValue?: string;
  /** The command a click runs (an event opens its raw JSON). */
  readonly command?: string;
  /** Whether the row has children (groups). */
  readonly collapsible: boolean;
  /** CloudTrail's eventID, for event rows. */
  readonly eventId?: string;
}

export interface AssumeRoleEventsApi {
  /** What the view is showing: a state, and the message line above the tree (counts, or why nothing is listed). */
  state(): { state: AssumeRoleEventsState; message?: string; groupBy: 'day' | 'role' };
  /** The top-level rows (groups, notices, "load more"), from the view's own data provider. */
  roots(): AssumeRoleEventsItem[];
  /** The rows under `item` (an item returned by roots()/children() of the current data); [] for leaves and unknown items. */
  children(item: AssumeRoleEventsItem): AssumeRoleEventsItem[];
  /**
   * Reloads from CloudTrail as the view's Refresh button does (`iamLeastPrivilege.events.refresh`);
   * resolves once the view has settled (no load in flight), whatever the outcome: read `state()`.
   */
  refresh(): Promise<void>;
}

export interface IamLeastPrivilegeApi {
  /** 1 for this shape. */
  readonly version: 1;
  readonly assumeRoleEvents: AssumeRoleEventsApi;
}

/**
 * VS Code glue of the AssumeRole Events view: tree items from `EventsModel` nodes, the title-bar and
 * item commands, the read-only raw-JSON documents and the evidence export. The logic lives in
 * `eventsModel.ts`, `eventsSource.ts`, `explanationMarkdown.ts`, the engine and the AWS layer.
 */
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import * as vscode from 'vscode';
import type { AssumeRoleEventsApi, AssumeRoleEventsItem, AssumeRoleEventsState } from '../api';
import { AssumeRoleEvent } from '../../../server/src/aws/assumeRoleEvent';
import { createCloudTrailClient } from '../../../server/src/aws/cloudtrailClient';
import { describeCloudTrailError } from '../../../server/src/aws/cloudtrailErrors';
import { eventsToCsv, eventsToJson } from '../../../server/src/aws/cloudtrailExport';
import { lookupAssumeRoleEvents } from '../../../server/src/aws/cloudtrailLookup';
import { parseWindow, WindowError } from '../../../server/src/aws/cloudtrailWindow';
import { explainAssumeRoleFailure } from '../../../server/src/engine/trustEvaluation';
import { TrustPolicyError } from '../../../server/src/engine/trustPolicyText';
import { getActiveSession, onActiveSessionChange } from '../session/activeSession';
import { ContextState, EventsModel, EventsNode, rankTrustPolicyFiles } from './eventsModel';
import { EventsSettings, readEventsSettings, resolveEventsConnection } from './eventsSource';
import { explanationToMarkdown } from './explanationMarkdown';

export const VIEW_ID = 'iamLeastPrivilege.assumeRoleEvents';
const SCHEME = 'iamlp-event';
/** Pages per region for one refresh or "load more" (50 events each). */
const PAGES_PER_LOAD = 4;

function readSettings(): EventsSettings {
  const config = vscode.workspace.getConfiguration('iamLeastPrivilege');
  return readEventsSettings((key) => config.get(key));
}

/** Read-only documents: `iamlp-event:/<region>/<eventId>.json` (raw record), `iamlp-event:/explain/<eventId>.md`. */
class EventDocuments implements vscode.TextDocumentContentProvider {
  private readonly explanations = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly model: EventsModel) {}

  rawUri(event: AssumeRoleEvent): vscode.Uri {
    return vscode.Uri.from({ scheme: SCHEME, path: `/${event.region ?? 'unknown'}/${event.eventId}.json` });
  }

  explanationUri(event: AssumeRoleEvent, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/explain/${event.eventId}.md` });
    this.explanations.set(uri.path, text);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    if (uri.path.startsWith('/explain/')) return this.explanations.get(uri.path) ?? '';
    const id = uri.path.slice(uri.path.lastIndexOf('/') + 1).replace(/\.json$/, '');
    const event = this.model.find(id);
    if (!event) return `// Event ${id} is no longer loaded; refresh the AssumeRole Events view.\n`;
    return typeof event.raw === 'string' ? event.raw : JSON.stringify(event.raw, null, 2) + '\n';
  }
}

class EventsTreeProvider implements vscode.TreeDataProvider<EventsNode> {
  private readonly changed = new vscode.EventEmitter<EventsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly model: EventsModel) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(node?: EventsNode): EventsNode[] {
    if (!node) return this.model.roots();
    return node.type === 'group' ? node.children : [];
  }

  getTreeItem(node: EventsNode): vscode.TreeItem {
    switch (node.type) {
      case 'group': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
        item.id = node.id;
        item.description = node.description;
        item.tooltip = node.tooltip;
        item.iconPath = new vscode.ThemeIcon(node.id.startsWith('day:') ? 'calendar' : 'shield');
        item.contextValue = 'assumeRoleEventGroup';
        return item;
      }
      case 'event': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.description = node.description;
        const tooltip = new vscode.MarkdownString(node.tooltip);
        tooltip.isTrusted = false;
        tooltip.supportHtml = false;
        item.tooltip = tooltip;
        item.iconPath =
          node.icon === 'failure'
            ? new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'))
            : node.icon === 'noExternalId'
              ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
              : new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
        item.contextValue = node.contextValue;
        item.command = { command: 'iamLeastPrivilege.events.openEvent', title: 'Open Raw Event', arguments: [node] };
        item.accessibilityInformation = { label: `${node.label}, ${node.description}` };
        return item;
      }
      case 'loadMore': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.description = node.description;
        item.iconPath = new vscode.ThemeIcon('more');
        item.contextValue = 'assumeRoleEventsLoadMore';
        item.command = { command: 'iamLeastPrivilege.events.loadMore', title: 'Load More' };
        return item;
      }
      case 'notice': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.tooltip = node.tooltip;
        item.description = node.tooltip;
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
        return item;
      }
    }
  }
}

function eventOf(model: EventsModel, arg: unknown): AssumeRoleEvent | undefined {
  const node = arg as EventsNode | undefined;
  if (node && node.type === 'event') return node.event;
  if (typeof arg === 'string') return model.find(arg);
  return undefined;
}

/** The view's state as the API's version 1 names it (see api.ts). */
const API_STATE: Record<ContextState, AssumeRoleEventsState> = {
  idle: 'idle',
  loading: 'loading',
  loaded: 'loaded',
  empty: 'empty',
  'no-credentials': 'noCredentials',
  'access-denied': 'accessDenied',
  error: 'error',
};

/** A rendered TreeItem as the API's plain data (see api.ts). */
function toApiItem(node: EventsNode, item: vscode.TreeItem): AssumeRoleEventsItem {
  const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
  return {
    id: item.id ?? node.id,
    kind: node.type,
    label,
    ...(typeof item.description === 'string' ? { description: item.description } : {}),
    ...(item.iconPath instanceof vscode.ThemeIcon ? { icon: item.iconPath.id } : {}),
    ...(item.contextValue !== undefined ? { contextValue: item.contextValue } : {}),
    ...(item.command ? { command: item.command.command } : {}),
    collapsible: item.collapsibleState !== undefined && item.collapsibleState !== vscode.TreeItemCollapsibleState.None,
    ...(node.type === 'event' ? { eventId: node.event.eventId } : {}),
  };
}

/** Registers the view and its commands; returns the read view of it that `activate()` exports (api.ts). */
export function registerAssumeRoleEventsView(context: vscode.ExtensionContext): AssumeRoleEventsApi {
  const model = new EventsModel();
  const provider = new EventsTreeProvider(model);
  const documents = new EventDocuments(model);
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  let generation = 0;
  let inFlight: AbortController | undefined;
  let loadedOnce = false;
  /** The latest load (refresh, load more, settings change); settled() waits until none is in flight. */
  let current: Promise<void> = Promise.resolve();

  const update = () => {
    view.message = model.message();
    view.description = model.isFiltered ? 'filtered' : undefined;
    void vscode.commands.executeCommand('setContext', 'iamLeastPrivilege.events.state', model.contextState());
    void vscode.commands.executeCommand('setContext', 'iamLeastPrivilege.events.groupBy', model.groupBy);
    void vscode.commands.executeCommand('setContext', 'iamLeastPrivilege.events.canLoadMore', model.canLoadMore);
    provider.refresh();
  };

  const load = (append: boolean): Promise<void> => (current = runLoad(append));

  /** Resolves once no load is in flight: a load started while waiting (a settings change) is waited for too. */
  const settled = async (): Promise<void> => {
    for (;;) {
      const waitingFor = current;
      await waitingFor.catch(() => undefined);
      if (waitingFor === current) return;
    }
  };

  const runLoad = async (append: boolean) => {
    const settings = readSettings();
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    const mine = ++generation;
    let connection;
    let window;
    try {
      connection = resolveEventsConnection(settings, getActiveSession(), process.env);
      window = append && model.window ? model.window : parseWindow(model.filter.window ?? settings.window);
    } catch (err) {
      model.fail(
        err instanceof WindowError ? { kind: 'validation', message: `Time window: ${err.message}.` } : describeCloudTrailError(err),
      );
      update();
      return;
    }
    const conn = connection;
    model.begin(conn.regions, window, conn.description, append);
    update();
    await vscode.window.withProgress({ location: { viewId: VIEW_ID }, title: 'Loading AssumeRole events' }, async () => {
      let credentials;
      try {
        // Resolved once for every region: "no credentials" is a state of the view, not one error per
        // region, and a role profile is assumed once per load, not once more for each region's client.
        credentials = await conn.credentials();
      } catch (err) {
        if (mine === generation) model.fail(describeCloudTrailError(err, undefined, conn.endpoint));
        return;
      }
      const clients: CloudTrailClient[] = [];
      try {
        const result = await lookupAssumeRoleEvents({
          regions: conn.regions,
          window,
          endpoint: conn.endpoint,
          clientFor: (region) => {
            const client = createCloudTrailClient(region, { credentials, endpoint: conn.endpoint, limits: conn.limits });
            clients.push(client);
            return client;
          },
          maxPagesPerRegion: PAGES_PER_LOAD,
          resumeTokens: append ? { ...model.nextTokens } : undefined,
          signal: controller.signal,
        });
        if (mine === generation) model.applyResult(result, append);
      } catch (err) {
        if (mine === generation && !controller.signal.aborted) model.fail(describeCloudTrailError(err, undefined, conn.endpoint));
      } finally {
        // Each load makes its own clients; without this their keep-alive sockets outlive every refresh.
        for (const client of clients) client.destroy();
      }
    });
    if (mine === generation) update();
  };

  /** The Refresh command: its promise resolves when the view shows the outcome (a newer load superseding this one included). */
  const refresh = async (): Promise<void> => {
    await load(false);
    await settled();
  };

  const filter = async () => {
    const f = model.filter;
    type Pick = vscode.QuickPickItem & { action: () => Promise<boolean> };
    const items: Pick[] = [
      {
        label: '$(shield) Role…',
        description: f.role ?? 'any role',
        action: async () => {
          const roles = model.knownRoles();
          const picked = await vscode.window.showQuickPick(
            [
              { label: 'Any role', value: undefined as string | undefined },
              ...roles.map((r) => ({ label: r, value: r as string | undefined })),
              { label: 'Enter a role ARN or name…', value: '\u0000' },
            ],
            { title: 'Show events for role' },
          );
          if (!picked) return false;
          let role = picked.value;
          if (role === '\u0000') {
            role =
              (
                await vscode.window.showInputBox({
                  title: 'Role ARN or name',
                  value: f.role ?? '',
                  prompt: 'arn:aws:iam::123456789012:role/Name, or Name',
                })
              )?.trim() || undefined;
          }
          f.role = role;
          return false;
        },
      },
      {
        label: `$(error) Failures only`,
        description: f.failedOnly ? 'on' : 'off',
        action: async () => ((f.failedOnly = !f.failedOnly), false),
      },
      {
        label: `$(warning) Without ExternalId only`,
        description: f.withoutExternalIdOnly ? 'on' : 'off',
        action: async () => ((f.withoutExternalIdOnly = !f.withoutExternalIdOnly), false),
      },
      {
        label: '$(history) Time window…',
        description: f.window ?? `${readSettings().window} (setting)`,
        action: async () => {
          const choice = await vscode.window.showQuickPick(['1h', '24h', '7d', '30d', '90d', 'Since a date (ISO)…'], {
            title: 'Time window (CloudTrail keeps 90 days)',
          });
          if (!choice) return false;
          let value: string | undefined = choice;
          if (choice.startsWith('Since')) {
            value = await vscode.window.showInputBox({
              title: 'Since (UTC)',
              prompt: 'e.g. 2026-03-01 or 2026-03-01T08:00:00Z',
              validateInput: (v) => {
                try {
                  parseWindow(v);
                  return undefined;
                } catch (err) {
                  return err instanceof Error ? err.message : String(err);
                }
              },
            });
          }
          if (!value) return false;
          f.window = value;
          return true;
        },
      },
      {
        label: '$(clear-all) Clear filters',
        action: async () => ((model.filter = { failedOnly: false, withoutExternalIdOnly: false, window: f.window }), false),
      },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: 'Filter AssumeRole events' });
    if (!picked) return;
    const needsReload = await picked.action();
    if (needsReload) await refresh();
    else update();
  };

  const openEvent = async (arg: unknown) => {
    const event = eventOf(model, arg);
    if (!event) return;
    const doc = await vscode.workspace.openTextDocument(documents.rawUri(event));
    await vscode.languages.setTextDocumentLanguage(doc, 'json');
    await vscode.window.showTextDocument(doc, { preview: true });
  };

  const exportEvidence = async () => {
    const events = model.visibleEvents;
    if (events.length === 0 || !model.window) {
      void vscode.window.showInformationMessage('There are no AssumeRole events to export: refresh or change the filter first.');
      return;
    }
    const format = await vscode.window.showQuickPick(
      [
        { label: 'JSON', description: 'fields, the query, and each raw CloudTrail record', ext: 'json' },
        { label: 'CSV', description: 'one row per event, for spreadsheets', ext: 'csv' },
      ],
      { title: `Export ${events.length} AssumeRole events as evidence` },
    );
    if (!format) return;
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      title: 'Export AssumeRole evidence',
      defaultUri: folder ? vscode.Uri.joinPath(folder, `assume-role-events-${stamp}.${format.ext}`) : undefined,
      filters: format.ext === 'json' ? { JSON: ['json'] } : { CSV: ['csv'] },
    });
    if (!target) return;
    const text =
      format.ext === 'json'
        ? eventsToJson(events, { exportedAt: new Date(), regions: model.regions, window: model.window, filter: { ...model.filter } })
        : eventsToCsv(events);
    await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
    void vscode.window.showInformationMessage(`Exported ${events.length} AssumeRole events to ${vscode.workspace.asRelativePath(target)}.`);
  };

  const explainFailure = async (arg: unknown) => {
    const event = eventOf(model, arg);
    if (!event) return;
    if (!event.errorCode) {
      void vscode.window.showInformationMessage('This AssumeRole call succeeded; Explain is for failed calls.');
      return;
    }
    const policyText = await pickTrustPolicy(event);
    if (policyText === undefined) return;
    try {
      const explanation = explainAssumeRoleFailure(policyText, event);
      const uri = documents.explanationUri(event, explanationToMarkdown(explanation, event));
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
      await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
      void vscode.window.showInformationMessage(explanation.summary);
    } catch (err) {
      const message =
        err instanceof TrustPolicyError
          ? err.message
          : `Could not explain the failure: ${err instanceof Error ? err.message : String(err)}`;
      void vscode.window.showErrorMessage(message);
    }
  };

  context.subscriptions.push(
    view,
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, documents),
    vscode.commands.registerCommand('iamLeastPrivilege.events.refresh', refresh),
    vscode.commands.registerCommand('iamLeastPrivilege.events.loadMore', () => (model.canLoadMore ? load(true) : undefined)),
    vscode.commands.registerCommand('iamLeastPrivilege.events.filter', filter),
    vscode.commands.registerCommand('iamLeastPrivilege.events.export', exportEvidence),
    vscode.commands.registerCommand('iamLeastPrivilege.events.openEvent', openEvent),
    vscode.commands.registerCommand('iamLeastPrivilege.events.explainFailure', explainFailure),
    vscode.commands.registerCommand('iamLeastPrivilege.events.groupByDay', () => ((model.groupBy = 'day'), update())),
    vscode.commands.registerCommand('iamLeastPrivilege.events.groupByRole', () => ((model.groupBy = 'role'), update())),
    view.onDidChangeVisibility((e) => {
      if (e.visible && !loadedOnce) {
        loadedOnce = true;
        void refresh();
      }
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (loadedOnce && (e.affectsConfiguration('iamLeastPrivilege.events') || e.affectsConfiguration('iamLeastPrivilege.aws')))
        void refresh();
    }),
    { dispose: onActiveSessionChange(() => void (loadedOnce ? refresh() : undefined)) },
    { dispose: () => inFlight?.abort() },
  );
  update();
  if (view.visible) {
    loadedOnce = true;
    void refresh();
  }

  const find = (id: string, nodes: EventsNode[] = provider.getChildren()): EventsNode | undefined => {
    for (const node of nodes) {
      if (node.id === id) return node;
      const below = node.type === 'group' ? find(id, node.children) : undefined;
      if (below) return below;
    }
    return undefined;
  };
  const items = (nodes: EventsNode[]) => nodes.map((node) => toApiItem(node, provider.getTreeItem(node)));
  return {
    state: () => ({ state: API_STATE[model.contextState()], ...(view.message ? { message: view.message } : {}), groupBy: model.groupBy }),
    roots: () => items(provider.getChildren()),
    children: (item) => {
      const node = find(item.id);
      return node ? items(provider.getChildren(node)) : [];
    },
    refresh,
  };
}

/** The trust policy to evaluate: a workspace file that looks like one (the role's first), the active editor, or pasted text. */
async function pickTrustPolicy(event: AssumeRoleEvent): Promise<string | undefined> {
  const uris = await vscode.workspace.findFiles('**/*.{json,jsonc}', '**/{node_modules,.git,out,dist}/**', 500);
  const files: { path: string; text: string; uri: vscode.Uri }[] = [];
  for (const uri of uris) {
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      if (bytes.byteLength > 200_000) continue;
      files.push({ path: vscode.workspace.asRelativePath(uri), text: Buffer.from(bytes).toString('utf8'), uri });
    } catch {
      // unreadable: skip
    }
  }
  const ranked = rankTrustPolicyFiles(files, event.roleArn) as typeof files;
  type Item = vscode.QuickPickItem & { text?: () => Promise<string | undefined> };
  const items: Item[] = ranked.map((f) => ({ label: `$(file) ${f.path}`, text: async () => f.text }));
  const editor = vscode.window.activeTextEditor;
  if (editor && editor.document.uri.scheme !== SCHEME) {
    items.unshift({
      label: '$(edit) Active editor',
      description: vscode.workspace.asRelativePath(editor.document.uri),
      text: async () => editor.document.getText(),
    });
  }
  items.push({
    label: '$(clippy) Paste a trust policy…',
    text: async () =>
      vscode.window.showInputBox({
        title: 'Trust policy JSON',
        prompt: `Paste the trust policy of ${event.roleArn ?? 'the role'} (aws iam get-role output works too)`,
        ignoreFocusOut: true,
      }),
  });
  const picked = await vscode.window.showQuickPick(items, {
    title: `Trust policy of ${event.roleArn ?? 'the role'}`,
    placeHolder: 'The role trust policy to evaluate against this failed call',
  });
  return picked?.text ? picked.text() : undefined;
}

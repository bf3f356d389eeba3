/**
 * VS Code glue of the role session: commands, status bar countdown, expiry warnings, role terminal.
 * The logic lives in plain modules (assumeFlow, sessionStatus, terminalEnv, expiryWatcher) that the
 * unit tests import without `vscode`.
 */
import * as vscode from 'vscode';
import { loadAwsProfiles, roleProfiles } from '../../../server/src/aws/awsConfig';
import { credentialEnv, envExports, ShellKind } from '../../../server/src/aws/credentialExports';
import { isCancelled } from '../../../server/src/aws/callLimits';
import { describeAwsError, redactSecrets } from '../../../server/src/aws/errors';
import { whoami } from '../../../server/src/aws/sts';
import { resolveConnection } from '../awsConnection';
import { abortSignalOf } from '../cancellation';
import { ActiveRoleSession, getActiveSession, onActiveSessionChange, setActiveSession } from './activeSession';
import { AssumeFlowUI, externalIdSecretKey, runAssumeFlow, SecretStore } from './assumeFlow';
import { ExpiryWatcher } from './expiryWatcher';
import { RolePick } from './rolePicks';
import { readRoleSettings, ROLE_SETTING_KEYS, RoleSettings } from './roleSettings';
import { formatCountdown, roleLabel, sessionLogLine, sessionStatusView } from './sessionStatus';
import { roleTerminalEnv, roleTerminalName } from './terminalEnv';

/** globalState key: the SecretStorage keys of remembered ExternalIds. */
const REMEMBERED_KEYS = 'iamLeastPrivilege.rememberedExternalIdKeys';

export const ROLE_COMMANDS = {
  assume: 'iamLeastPrivilege.assumeAuditorRole',
  whoami: 'iamLeastPrivilege.showCallerIdentity',
  terminal: 'iamLeastPrivilege.openRoleTerminal',
  copy: 'iamLeastPrivilege.copyCredentialExports',
  forget: 'iamLeastPrivilege.forgetRoleCredentials',
} as const;

function settings(): RoleSettings {
  const config = vscode.workspace.getConfiguration('iamLeastPrivilege');
  return readRoleSettings((key) => config.get(key));
}

const ui: AssumeFlowUI = {
  async pickRole(picks) {
    return vscode.window.showQuickPick<RolePick & vscode.QuickPickItem>(picks, {
      title: 'IAM: Assume Auditor Role',
      placeHolder: 'Role to assume (roles declared in your AWS config)',
      matchOnDescription: true,
      matchOnDetail: true,
      ignoreFocusOut: true,
    });
  },
  async inputRoleArn(validate) {
    return vscode.window.showInputBox({
      title: 'IAM: Assume Auditor Role',
      prompt: 'Role ARN to assume',
      placeHolder: 'arn:aws:iam::111122223333:role/Role-IDSentinel-Auditor',
      validateInput: validate,
      ignoreFocusOut: true,
    });
  },
  async inputExternalId(roleArn) {
    const value = await vscode.window.showInputBox({
      title: 'IAM: Assume Auditor Role: ExternalId',
      prompt: `ExternalId for ${roleArn} (leave empty if the role needs none)`,
      password: true,
      ignoreFocusOut: true,
    });
    if (value === undefined) return undefined;
    if (value.trim() === '') return { value: '', remember: false };
    const remember = await vscode.window.showQuickPick(['Use once', 'Remember in the OS secret store'], {
      title: 'Remember this ExternalId?',
      placeHolder: 'Remembered ExternalIds stay out of settings.json; "Forget Role Credentials" can drop them',
      ignoreFocusOut: true,
    });
    if (remember === undefined) return undefined;
    return { value, remember: remember.startsWith('Remember') };
  },
  async inputMfaCode(serial) {
    return vscode.window
      .showInputBox({
        title: 'IAM: Assume Auditor Role: MFA',
        prompt: `Current code of MFA device ${serial}`,
        validateInput: (v) => (/^\d{6}$/.test(v.trim()) ? undefined : 'Enter the 6 digits shown on the device'),
        ignoreFocusOut: true,
      })
      .then((v) => v?.trim());
  },
  async withProgress(title, task) {
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) =>
      task((message) => progress.report({ message }), abortSignalOf(token)),
    );
  },
};

export function registerRoleSession(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('IAM Least Privilege: AWS', { log: true });
  const status = vscode.window.createStatusBarItem('iamLeastPrivilege.roleSession', vscode.StatusBarAlignment.Left, 50);
  status.name = 'IAM role session';
  status.command = ROLE_COMMANDS.whoami;
  context.subscriptions.push(log, status);

  // Read once and on change, not on every one-second tick of the countdown.
  let warnBeforeMs = settings().warnBeforeExpiryMinutes * 60_000;
  const render = () => {
    const view = sessionStatusView(getActiveSession(), new Date(), warnBeforeMs);
    status.text = view.text;
    status.tooltip = view.tooltip;
    status.backgroundColor = view.state === 'expiring' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    status.command = view.state === 'none' ? ROLE_COMMANDS.assume : ROLE_COMMANDS.whoami;
    status.show();
  };

  const watcher = new ExpiryWatcher(
    {
      onTick: render,
      onWarn: (session) => {
        const left = formatCountdown(session.credentials.expiration.getTime() - Date.now());
        void vscode.window
          .showWarningMessage(`The role session ${roleLabel(session.assumedRoleArn)} expires in ${left}.`, 'Re-assume')
          .then((choice) => {
            if (choice === 'Re-assume') void vscode.commands.executeCommand(ROLE_COMMANDS.assume);
          });
      },
      onExpire: (session) => {
        log.info(`Session ${session.assumedRoleArn} expired and was dropped.`);
        void vscode.window
          .showInformationMessage(`The role session ${roleLabel(session.assumedRoleArn)} expired and was dropped.`, 'Assume Again')
          .then((choice) => {
            if (choice === 'Assume Again') void vscode.commands.executeCommand(ROLE_COMMANDS.assume);
          });
      },
    },
    warnBeforeMs,
  );
  const unsubscribe = onActiveSessionChange((session) => {
    watcher.watch(session);
    render();
  });
  context.subscriptions.push(
    { dispose: () => (unsubscribe(), watcher.stop()) },
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(`iamLeastPrivilege.${ROLE_SETTING_KEYS.warnBeforeExpiryMinutes}`)) return;
      warnBeforeMs = settings().warnBeforeExpiryMinutes * 60_000;
      render();
    }),
  );
  render();

  // SecretStorage cannot list its keys: the keys (role ARNs, not secrets) are kept beside it so
  // Forget finds every remembered ExternalId, also of roles typed in by hand.
  const secrets: SecretStore = {
    get: (key) => context.secrets.get(key),
    store: async (key, value) => {
      await context.secrets.store(key, value);
      const keys = context.globalState.get<string[]>(REMEMBERED_KEYS, []);
      if (!keys.includes(key)) await context.globalState.update(REMEMBERED_KEYS, [...keys, key]);
    },
    delete: async (key) => {
      await context.secrets.delete(key);
      const keys = context.globalState.get<string[]>(REMEMBERED_KEYS, []);
      await context.globalState.update(
        REMEMBERED_KEYS,
        keys.filter((k) => k !== key),
      );
    },
  };

  const fail = (err: unknown, operation: string) => {
    const session = getActiveSession();
    const secrets = session ? [session.credentials.secretAccessKey, session.credentials.sessionToken] : [];
    const message = describeAwsError(err, { operation, secrets });
    log.error(message);
    void vscode.window.showErrorMessage(message);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand(ROLE_COMMANDS.assume, async () => {
      try {
        const outcome = await runAssumeFlow({ settings: settings(), env: process.env, ui, secrets });
        if (!outcome) return;
        log.info(
          redactSecrets(sessionLogLine(outcome.session), [
            outcome.session.credentials.secretAccessKey,
            outcome.session.credentials.sessionToken,
          ]),
        );
        const left = formatCountdown(outcome.session.credentials.expiration.getTime() - Date.now());
        void vscode.window.showInformationMessage(`Now ${outcome.session.assumedRoleArn} (expires in ${left}).`);
      } catch (err) {
        fail(err, 'AssumeRole');
      }
    }),

    vscode.commands.registerCommand(ROLE_COMMANDS.whoami, async () => {
      const session = getActiveSession();
      const s = settings();
      try {
        const identity = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: 'GetCallerIdentity…', cancellable: true },
          async (_progress, token) => whoami(resolveConnection('sts', s, session, process.env, abortSignalOf(token))),
        );
        const where = session
          ? `role session, expires in ${formatCountdown(session.credentials.expiration.getTime() - Date.now())}`
          : 'source credentials';
        log.info(`Caller identity (${where}): ${identity.Arn} account ${identity.Account}`);
        const actions = session ? ['Open Terminal', 'Copy Exports', 'Forget'] : ['Assume Auditor Role'];
        const choice = await vscode.window.showInformationMessage(`${identity.Arn} (account ${identity.Account}, ${where})`, ...actions);
        const map: Record<string, string> = {
          'Open Terminal': ROLE_COMMANDS.terminal,
          'Copy Exports': ROLE_COMMANDS.copy,
          Forget: ROLE_COMMANDS.forget,
          'Assume Auditor Role': ROLE_COMMANDS.assume,
        };
        if (choice) void vscode.commands.executeCommand(map[choice]);
      } catch (err) {
        if (!isCancelled(err)) fail(err, 'GetCallerIdentity');
      }
    }),

    vscode.commands.registerCommand(ROLE_COMMANDS.terminal, async () => {
      const session = await requireSession();
      if (!session) return;
      // Transient: VS Code must not persist or restore a terminal that holds temporary credentials.
      const terminal = vscode.window.createTerminal({ name: roleTerminalName(session), env: roleTerminalEnv(session), isTransient: true });
      terminal.show();
    }),

    vscode.commands.registerCommand(ROLE_COMMANDS.copy, async () => {
      const session = await requireSession();
      if (!session) return;
      const shells: { label: string; shell: ShellKind }[] = [
        { label: 'bash / zsh (export)', shell: 'posix' },
        { label: 'fish (set -gx)', shell: 'fish' },
        { label: 'PowerShell ($Env:)', shell: 'powershell' },
        { label: 'cmd.exe (set)', shell: 'cmd' },
      ];
      if (process.platform === 'win32') shells.unshift(shells.splice(2, 1)[0]);
      const pick = await vscode.window.showQuickPick(shells, {
        title: 'Copy Credentials as Environment Exports',
        placeHolder: 'Shell syntax',
      });
      if (!pick) return;
      await vscode.env.clipboard.writeText(envExports(session.credentials, { region: session.region, shell: pick.shell }));
      void vscode.window.showInformationMessage(
        `Copied ${Object.keys(credentialEnv(session.credentials, session.region)).length} variables for ${roleLabel(session.assumedRoleArn)}; they expire at ${session.credentials.expiration.toLocaleTimeString()}.`,
      );
    }),

    vscode.commands.registerCommand(ROLE_COMMANDS.forget, async () => {
      const session = getActiveSession(new Date(0));
      setActiveSession(undefined);
      if (session) log.info(`Forgot the credentials of ${session.assumedRoleArn}.`);
      // Remembered ExternalIds can be dropped at any time, with or without a session.
      const roleArns = await rolesWithRememberedExternalId(session?.roleArn);
      const actions = roleArns.length > 0 ? [roleArns.length === 1 ? 'Forget Remembered ExternalId' : 'Forget Remembered ExternalIds'] : [];
      const held = session
        ? `Forgot the credentials of ${roleLabel(session.assumedRoleArn)}. Terminals opened with them keep them until they close or the session expires.`
        : 'No role credentials are held.';
      const remembered = roleArns.length > 0 ? ` An ExternalId is remembered for ${roleArns.map((arn) => roleLabel(arn)).join(', ')}.` : '';
      const choice = await vscode.window.showInformationMessage(held + remembered, ...actions);
      if (!choice) return;
      for (const roleArn of roleArns) await secrets.delete(externalIdSecretKey(roleArn));
      log.info(`Forgot the remembered ExternalId of ${roleArns.join(', ')}.`);
    }),
  );

  /** The roles whose ExternalId SecretStorage holds, among the session's, the configured one and the AWS config's. */
  async function rolesWithRememberedExternalId(sessionRoleArn: string | undefined): Promise<string[]> {
    const candidates = new Set<string>();
    if (sessionRoleArn) candidates.add(sessionRoleArn);
    const configured = settings().roleArn;
    if (configured) candidates.add(configured);
    for (const role of roleProfiles(loadAwsProfiles(process.env))) candidates.add(role.roleArn);
    for (const key of context.globalState.get<string[]>(REMEMBERED_KEYS, [])) candidates.add(key.slice(externalIdSecretKey('').length));
    const held: string[] = [];
    for (const roleArn of candidates) if ((await context.secrets.get(externalIdSecretKey(roleArn))) !== undefined) held.push(roleArn);
    return held;
  }

  async function requireSession(): Promise<ActiveRoleSession | undefined> {
    const session = getActiveSession();
    if (session) return session;
    const choice = await vscode.window.showWarningMessage('No role session is active.', 'Assume Auditor Role');
    if (choice) await vscode.commands.executeCommand(ROLE_COMMANDS.assume);
    return getActiveSession();
  }
}

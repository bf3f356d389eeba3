import {
  DidChangeConfigurationNotification,
  InitializeParams,
  InitializeResult,
  ProposedFeatures,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { sharedCatalog } from '../catalog/catalog';
import { analyzeFileInSlices } from '../services/analysisCache';
import { ValidationQueue } from '../services/validationQueue';
import { forgetHostFile } from '../iac/hostFile';
import { loadTerraformParser } from '../iac/terraform/terraform';
import { CODE_ACTION_PROVIDER, registerCodeActionHandler } from './codeActionHandler';
import { registerCodeLensHandler } from './codeLensHandler';
import { COMPLETION_TRIGGERS, registerCompletionHandler } from './completionHandler';
import { toDiagnostic } from './diagnostics';
import { documentScope, filePathOf } from './documentScope';
import { registerHoverHandler } from './hoverHandler';
import {
  ProjectConfigs,
  analysisOptions,
  configDiagnostics,
  isConfigDocument,
  openDocumentsFirst,
  watchProjectConfigs,
} from './projectConfigs';
import { DEFAULT_SETTINGS, ServerSettings, normalizeSettings } from './settings';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let canPullConfiguration = false;
let canRegisterConfiguration = false;
let settings: Promise<ServerSettings> | undefined;
const projectConfigs = new ProjectConfigs((message) => connection.console.warn(message));

function currentSettings(): Promise<ServerSettings> {
  if (!canPullConfiguration) return Promise.resolve(DEFAULT_SETTINGS);
  settings ??= connection.workspace.getConfiguration({ section: 'iamLeastPrivilege' }).then(normalizeSettings, () => DEFAULT_SETTINGS);
  return settings;
}

/** Editor settings and the project's .iamlp.json for one document; undefined: not analysed. */
async function optionsFor(document: TextDocument) {
  const config = await currentSettings();
  const principals = projectConfigs.principalScopes(document.uri, openDocumentsFirst(documents));
  return analysisOptions(
    documentScope(config, document.uri, document.languageId),
    config,
    projectConfigs.fileSettings(document.uri),
    principals,
  );
}

/** The open documents that share a principal with `document`: their findings depend on its text. */
function schedulePeers(document: TextDocument): void {
  for (const uri of projectConfigs.peerUris(document.uri)) {
    const peer = documents.get(uri);
    if (peer) scheduleValidation(peer);
  }
}

/** Analyses and publishes; `isCurrent()` false means a newer version or a close superseded this run. */
async function validate(document: TextDocument, isCurrent: () => boolean): Promise<void> {
  if (isConfigDocument(document.uri)) {
    if (!isCurrent()) return;
    await connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: configDiagnostics(document) });
    return;
  }
  const options = await optionsFor(document);
  if (!isCurrent()) return;
  if (!options) {
    await connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: [] });
    return;
  }
  const started = performance.now();
  // In slices: hovers and completions are answered during a long analysis; undefined when it went stale.
  const analysis = await analyzeFileInSlices(document.getText(), filePathOf(document.uri) ?? document.uri, options, isCurrent);
  if (!analysis) return;
  if (analysis.notLoaded) {
    // The HCL grammar (WebAssembly) loads on the first Terraform file; the file is checked once it has.
    loadTerraformParser().then(
      () => scheduleValidation(document),
      (err) => connection.console.error(`the Terraform parser could not be loaded: ${String(err)}`),
    );
    return;
  }
  for (const failure of analysis.policies.flatMap((p) => p.ruleErrors)) {
    connection.console.error(`rule ${failure.rule} failed on ${document.uri}: ${failure.error}`);
  }
  const elapsed = performance.now() - started;
  if (elapsed > 200) connection.console.warn(`analysis of ${document.uri} took ${elapsed.toFixed(0)} ms`);
  if (!isCurrent()) return;
  await connection.sendDiagnostics({
    uri: document.uri,
    version: document.version,
    diagnostics: analysis.findings.map(toDiagnostic),
  });
}

/** Bursts of edits coalesce: only the latest text of an open document is analysed and published. */
const validations = new ValidationQueue(
  async (uri, isCurrent) => {
    const latest = documents.get(uri);
    if (latest) await validate(latest, isCurrent);
  },
  (err) => connection.console.error(`validation failed: ${String(err)}`),
);
const scheduleValidation = (document: TextDocument) => validations.schedule(document.uri);

connection.onInitialize((params: InitializeParams): InitializeResult => {
  canPullConfiguration = params.capabilities.workspace?.configuration === true;
  canRegisterConfiguration = params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
  sharedCatalog();
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: COMPLETION_TRIGGERS },
      hoverProvider: true,
      codeLensProvider: { resolveProvider: false },
      codeActionProvider: CODE_ACTION_PROVIDER,
    },
    serverInfo: { name: 'iam-least-privilege', version: sharedCatalog().source.version },
  };
});

connection.onInitialized(() => {
  if (canPullConfiguration && canRegisterConfiguration) {
    // A rejected registration must not become an unhandled rejection: that would end the server.
    connection.client
      .register(DidChangeConfigurationNotification.type, { section: 'iamLeastPrivilege' })
      .catch((err) => connection.console.warn(`could not register for configuration changes: ${String(err)}`));
  }
});

connection.onDidChangeConfiguration(() => {
  settings = undefined;
  for (const document of documents.all()) scheduleValidation(document);
});

// A document just opened is analysed at once: the idle delay is for bursts of edits. TextDocuments
// fires onDidChangeContent right after onDidOpen for the same version, which must not delay it.
const openedVersions = new Map<string, number>();
documents.onDidOpen((e) => {
  openedVersions.set(e.document.uri, e.document.version);
  validations.schedule(e.document.uri, 0);
});
documents.onDidChangeContent((e) => {
  const opened = openedVersions.get(e.document.uri) === e.document.version;
  openedVersions.delete(e.document.uri);
  if (!opened) scheduleValidation(e.document);
  schedulePeers(e.document);
});
documents.onDidClose((e) => {
  validations.forget(e.document.uri);
  openedVersions.delete(e.document.uri);
  forgetHostFile(filePathOf(e.document.uri) ?? e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

const scope = async (d: TextDocument) => documentScope(await currentSettings(), d.uri, d.languageId);
registerCompletionHandler(connection, documents, scope);
registerHoverHandler(connection, documents, scope);
const analysisPending = (uri: string) => validations.isBusy(uri);
registerCodeLensHandler(
  connection,
  documents,
  scope,
  (d) => projectConfigs.principalScopes(d.uri, openDocumentsFirst(documents)),
  analysisPending,
);
registerCodeActionHandler(connection, documents, optionsFor, analysisPending);
watchProjectConfigs(connection, projectConfigs, () => documents.all().forEach(scheduleValidation));

documents.listen(connection);
connection.listen();

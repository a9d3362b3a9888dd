// The erslint extension: starts `erslint lsp` for YAML files and lets VS Code's
// language client show its diagnostics, hovers, quick fixes and completions.
// Everything else (which files are manifests, the configuration, the rules)
// is the server's: a YAML file that is not a manifest gets no diagnostics.
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

// Settings as the server's initializationOptions (pkg/lsp InitOptions).
interface InitOptions {
  asOf?: string;
  config?: string;
  policies?: string[];
}

function initOptions(cfg: vscode.WorkspaceConfiguration): InitOptions {
  const out: InitOptions = {};
  const asOf = cfg.get<string>("asOf", "");
  if (asOf !== "") {
    out.asOf = asOf;
  }
  const config = cfg.get<string>("config", "");
  if (config !== "") {
    out.config = config;
  }
  const policies = cfg.get<string[]>("policies", []);
  if (policies.length > 0) {
    out.policies = policies;
  }
  return out;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const cfg = vscode.workspace.getConfiguration("erslint");
  const command = cfg.get<string>("path", "erslint");
  const serverOptions: ServerOptions = {
    run: { command, args: ["lsp"], transport: TransportKind.stdio },
    debug: { command, args: ["lsp"], transport: TransportKind.stdio },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "yaml" },
      { scheme: "untitled", language: "yaml" },
    ],
    initializationOptions: initOptions(cfg),
    synchronize: {
      // Manifests saved, created or deleted outside the editor: the
      // cross-manifest rules compare with them.
      fileEvents: vscode.workspace.createFileSystemWatcher("**/*.{yaml,yml}"),
    },
  };
  client = new LanguageClient("erslint", "erslint", serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("erslint") && client !== undefined) {
        // The run (date, configuration, policies) is built at initialize.
        await client.stop();
        await activate(context);
      }
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  if (client !== undefined) {
    await client.stop();
    client = undefined;
  }
}
